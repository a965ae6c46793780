#!/usr/bin/env python3
"""Turns load.sh's raw tables into the Markdown report: medians per case and target, the
Portico / nginx and Portico / HAProxy ratios, idle-connection memory and cold start.

usage: report.py META RUNS_TSV IDLE_TSV COLD_TSV"""
import csv
import statistics
import sys

TARGETS = ["direct", "nginx", "haproxy", "portico"]
LABELS = {"direct": "direct (no proxy)", "nginx": "nginx", "haproxy": "HAProxy", "portico": "Portico",
          "nginx-tls": "nginx, TLS", "haproxy-tls": "HAProxy, TLS", "portico-tls": "Portico, TLS",
          "nginx-h2c": "nginx, h2c", "haproxy-h2c": "HAProxy, h2c", "portico-h2c": "Portico, h2c",
          "nginx-h2": "nginx, h2 (TLS)", "haproxy-h2": "HAProxy, h2 (TLS)", "portico-h2": "Portico, h2 (TLS)"}


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, digits=2):
    if v is None:
        return "–"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.{digits}f}"


def ratio(a, b):
    return None if a is None or not b else a / b


def main(meta_path, runs_path, idle_path, cold_path):
    out = ["# Portico load comparison", ""]
    with open(meta_path) as f:
        out += ["- " + line.strip() for line in f if line.strip()]
    out += ["", "Each figure is the median over the rounds. CPU is the user + system time of the process "
            "under test (for *direct*: the backend) per 100,000 requests. Errors are the load tool's "
            "socket or stream errors plus non-2xx answers, summed over the rounds. TLS and HTTP/2 cases "
            "(h2c-*, h2-tls-*: 16 connections × 10 concurrent streams, HTTP/1.1 to the backend) have no "
            "*direct* row; the "
            "tls-conn-* cases count connections (one request each) and give no latency. Steal is the share of the proxy core's time "
            "the hypervisor gave to other guests while the case ran (median): on a shared VM it moves req/s and "
            "CPU per request by tens of percent, so compare targets only within one run and distrust a row "
            "whose steal stands out.", ""]

    runs = rows(runs_path)
    cases = list(dict.fromkeys(r["case"] for r in runs))
    summary = {}
    for case in cases:
        for target in TARGETS:
            mine = [r for r in runs if r["case"] == case and r["target"] == target]
            if not mine:
                continue
            cpu100k = [float(r["cpu_s"]) / int(r["requests"]) * 100_000 for r in mine if int(r["requests"]) > 0]
            summary[case, target] = {
                "rps": median([float(r["rps"]) for r in mine]),
                "p50": median([float(r["p50_ms"]) for r in mine]),
                "p99": median([float(r["p99_ms"]) for r in mine]),
                "cpu": median(cpu100k),
                "errors": sum(int(r["errors"]) + int(r["non2xx"]) for r in mine),
                "steal": median([float(r["steal_pct"]) for r in mine if r.get("steal_pct")]),
                "rounds": len(mine),
            }

    out += ["## Throughput, latency, CPU", "",
            "| case | target | req/s | p50 ms | p99 ms | CPU s / 100k req | errors | steal % |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for case in cases:
        for target in TARGETS:
            s = summary.get((case, target))
            if s:
                out.append(f"| {case} | {LABELS[target]} | {fmt(s['rps'], 0)} | {fmt(s['p50'])} | {fmt(s['p99'])} "
                           f"| {fmt(s['cpu'])} | {s['errors']} | {fmt(s['steal'], 1)} |")

    if any(t == "portico" for _, t in summary):
        out += ["", "## Portico relative to nginx and HAProxy", "",
                "Above 1 means Portico has more of it: more req/s is better, more latency or CPU is worse.", "",
                "| case | req/s ÷ nginx | req/s ÷ HAProxy | p99 ÷ nginx | p99 ÷ HAProxy | CPU ÷ nginx | CPU ÷ HAProxy |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for case in cases:
            p = summary.get((case, "portico"))
            if not p:
                continue
            n = summary.get((case, "nginx"), {})
            h = summary.get((case, "haproxy"), {})
            cells = [ratio(p["rps"], n.get("rps")), ratio(p["rps"], h.get("rps")),
                     ratio(p["p99"], n.get("p99")), ratio(p["p99"], h.get("p99")),
                     ratio(p["cpu"], n.get("cpu")), ratio(p["cpu"], h.get("cpu"))]
            out.append(f"| {case} | " + " | ".join(fmt(c) for c in cells) + " |")

    rounds = sorted({int(r["round"]) for r in runs})
    if len(rounds) > 1 or any(t == "portico" for _, t in summary):
        out += ["", "## p99 per round", "",
                "The medians above hide the first round; this is every round in order (ms). With "
                "`--fresh`, round 1 is the first traffic after the proxies started (after `--warmup`). "
                "The last column: Portico's p99 over the best peer's (nginx or HAProxy) in that round.", "",
                "| case | " + " | ".join(f"{LABELS[t]} r{n}" for t in TARGETS if t != "direct" for n in rounds)
                + " | " + " | ".join(f"Portico ÷ best r{n}" for n in rounds) + " |",
                "| --- | " + " | ".join("---:" for t in TARGETS if t != "direct" for n in rounds)
                + " | " + " | ".join("---:" for n in rounds) + " |"]
        for case in cases:
            p99 = {(r["target"], int(r["round"])): float(r["p99_ms"]) for r in runs
                   if r["case"] == case and r["p99_ms"] not in ("", None)}
            if not any(t == "portico" for t, _ in p99):
                continue
            cells = [fmt(p99.get((t, n))) for t in TARGETS if t != "direct" for n in rounds]
            best = []
            for n in rounds:
                peers = [p99[(t, n)] for t in ("nginx", "haproxy") if (t, n) in p99 and p99[(t, n)] > 0]
                best.append(ratio(p99.get(("portico", n)), min(peers)) if peers else None)
            out.append(f"| {case} | " + " | ".join(cells) + " | " + " | ".join(fmt(b) for b in best) + " |")

    idle = rows(idle_path)
    if idle:
        out += ["", "## Idle connections", "",
                "RSS of the process tree before and after opening the connections (one GET each, then idle; "
                "h2c and h2 rows: HTTP/2 connections, one stream each, then idle). "
                "For Portico also the live heap (after a full GC, from `jcmd GC.class_histogram`): RSS of a JVM "
                "does not grow while the connections fit in heap pages it had already touched. The last column: RSS "
                "`--settle` seconds after the largest HTTP/1.1 burst closed (each HTTP/1.1 row starts from a fresh process).", "",
                "| target | connections | RSS before MiB | RSS after MiB | KiB per connection | live heap KiB per connection "
                "| RSS after they closed MiB |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for r in idle:
            n = int(r["connections"])
            before, after = int(r["rss_before_kib"]), int(r["rss_after_kib"])
            hb, ha = r.get("heap_before") or "", r.get("heap_after") or ""
            heap = f"{(int(ha) - int(hb)) / 1024 / n:.2f}" if hb.isdigit() and ha.isdigit() else "—"
            closed = r.get("rss_closed_kib") or ""
            closed = f"{int(closed) / 1024:.1f}" if closed.isdigit() else "—"
            out.append(f"| {LABELS.get(r['target'], r['target'])} | {n:,} | {before / 1024:.1f} | {after / 1024:.1f} "
                       f"| {(after - before) / n:.2f} | {heap} | {closed} |")

    cold = [r for r in rows(cold_path)]
    if cold:
        times = [float(r["ms"]) for r in cold if r["ms"] not in ("", "timeout")]
        out += ["", "## Cold start", "",
                "From launching the Portico JVM (same flags as above) to the first proxied 200 (a fresh "
                "connection polled every 2 ms).", "",
                "| tries | min ms | median ms | max ms |", "| ---: | ---: | ---: | ---: |",
                f"| {len(cold)} | {fmt(min(times) if times else None, 0)} | {fmt(median(times), 0)} "
                f"| {fmt(max(times) if times else None, 0)} |"]
        if len(times) < len(cold):
            out.append(f"\n{len(cold) - len(times)} tries got no 200 within the deadline.")
    print("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])

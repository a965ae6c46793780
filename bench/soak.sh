#!/usr/bin/env bash
# A bounded soak: Portico under a few minutes of mixed traffic — wrk keep-alive load, bursts of
# aborted requests (curl --max-time against a slow backend path, raw sockets closing mid-head and
# mid-body), a backend killed and restarted, config reloads — sampling every 10 s the proxy's
# threads, descriptors, sockets to the backends and heap after a full GC. The "before" and "after"
# rows are taken idle (after a warm-up, and after the traffic stopped), so they should match;
# exits 1 when descriptors, threads, backend sockets or heap grew past the thresholds.
#
#   bench/soak.sh [seconds=180]       needs wrk, curl, nginx, python3, ss, jcmd; only 127.0.0.1
#
# Ports 28080 (proxy), 28421 (admin), 29001/29002 (nginx backends), 29003 (slow python backend).
# Environment: PORTICO_JAVA_OPTS (default -Xmx256m); thresholds SOAK_MAX_FD_GROWTH (default 32),
# SOAK_MAX_THREAD_GROWTH (8), SOAK_MAX_BACKEND_GROWTH (16), SOAK_MAX_HEAP_GROWTH_MIB (16).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/find-java.sh"
DURATION=${1:-180}
MAX_FD=${SOAK_MAX_FD_GROWTH:-32}
MAX_THREADS=${SOAK_MAX_THREAD_GROWTH:-8}
MAX_BACKEND=${SOAK_MAX_BACKEND_GROWTH:-16}
MAX_HEAP=${SOAK_MAX_HEAP_GROWTH_MIB:-16}
P=28080; A=28421; B1=29001; B2=29002; SLOW=29003
for t in wrk curl nginx python3 ss jcmd; do command -v $t >/dev/null || { echo "soak.sh: $t not found" >&2; exit 2; }; done
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -n "${proxy:-}" ] && kill -KILL "$proxy" 2>/dev/null || true
    for n in 1 2; do [ -f "$work/n$n/pid" ] && kill -KILL "$(cat "$work/n$n/pid")" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$root/portico" --version >/dev/null   # builds the jar when needed
java_bin=$(find_java)

start_nginx() { # one single-process nginx, killable with kill -9
    local n=$1 port=$2 d="$work/n$1"
    mkdir -p "$d/logs"
    cat > "$d/nginx.conf" <<EOF
daemon off; master_process off; worker_processes 1; pid $d/pid; error_log $d/logs/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 100000;
  server { listen 127.0.0.1:$port reuseport;
    location / { return 200 "backend $n\n"; } } }
EOF
    nginx -p "$d" -c "$d/nginx.conf" >/dev/null 2>&1 &
    for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0; sleep 0.1; done
    echo "soak.sh: nginx on $port did not start" >&2; return 1
}

cat > "$work/slow.py" <<'EOF'
import http.server, socketserver, time
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        time.sleep(1)
        body = b"slow\n"
        try:
            self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
        except OSError:
            pass
    def log_message(self, *a):
        pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 512
S(("127.0.0.1", 29003), H).serve_forever()
EOF

config() { # $1: weight of the second nginx (reloads flip it)
    cat <<EOF
[[listener]]
name = "soak"
address = "127.0.0.1:$P"
acceptors = 2
[admin]
address = "127.0.0.1:$A"
[server]
default_product = "www"
graceful_shutdown_timeout = "2s"
[server.timeouts]
client_header = "5s"
client_idle = "10s"
[[product.www.route]]
condition = 'req_path_prefix_in("/slow", false)'
cluster = "slow"
[[product.www.route]]
condition = "default_t()"
cluster = "web"
[cluster.web]
connect_timeout = "500ms"
[cluster.web.pool]
idle_timeout = "5s"            # idle pooled connections close before the idle "after" sample
[cluster.web.health_check]
mode = "passive"
fail_threshold = 3
interval = "500ms"
[[cluster.web.subcluster.a.instance]]
address = "127.0.0.1:$B1"
[[cluster.web.subcluster.a.instance]]
address = "127.0.0.1:$B2"
weight = $1
[cluster.slow]
response_header_timeout = "5s"
[cluster.slow.pool]
idle_timeout = "5s"
[[cluster.slow.subcluster.a.instance]]
address = "127.0.0.1:$SLOW"
EOF
}

start_nginx 1 $B1; start_nginx 2 $B2
python3 "$work/slow.py" & pids+=($!)
config 1 > "$work/portico.toml"
# shellcheck disable=SC2086
"$java_bin" ${PORTICO_JAVA_OPTS:--Xmx256m} -jar "$root/proxy-server/target/portico.jar" --config "$work/portico.toml" \
    > "$work/server.log" 2>&1 &
proxy=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$A/readyz" && break; sleep 0.2; done
curl -sf -o /dev/null "http://127.0.0.1:$A/readyz" || { echo "soak.sh: portico did not start" >&2; cat "$work/server.log" >&2; exit 2; }

backend_sockets() { # the proxy's sockets to the backends, any state but TIME-WAIT
    ss -tanH "( dport = :$B1 or dport = :$B2 or dport = :$SLOW )" 2>/dev/null | grep -vc TIME-WAIT || true
}
heap_after_gc() { # MiB used after a full GC
    jcmd $proxy GC.run >/dev/null 2>&1 || true
    jcmd $proxy GC.heap_info 2>/dev/null | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub(/K,?/, "", v); print int(v / 1024); exit } }'
}
sample() { # label threads fds backend_sockets heap_mib
    printf '%-8s %8s %6s %9s %9s\n' "$1" "$(awk '/^Threads:/ {print $2}' /proc/$proxy/status)" \
        "$(ls /proc/$proxy/fd | wc -l)" "$(backend_sockets)" "$(heap_after_gc)"
}

aborts() { # one bounded burst of client aborts
    local curls
    for _ in $(seq 1 20); do curl -s -o /dev/null --max-time 0.2 "http://127.0.0.1:$P/slow" || true; done &
    curls=$!
    python3 - "$P" <<'EOF'
import socket, sys
port = int(sys.argv[1])
for i in range(200):
    s = socket.create_connection(("127.0.0.1", port), timeout=2)
    if i % 2:
        s.sendall(b"GET / HTTP/1.1\r\nHost: soak\r\nX-Half: ")
    else:
        s.sendall(b"POST /post HTTP/1.1\r\nHost: soak\r\nContent-Length: 100000\r\n\r\n" + b"x" * 1000)
    s.close()
EOF
    wait $curls
}

log "warm-up: 15 s of wrk, then idle"
wrk -t1 -c64 -d15s "http://127.0.0.1:$P/" > /dev/null 2>&1
aborts
sleep 12   # keep-alive clients gone (client_idle 10 s)
printf '%-8s %8s %6s %9s %9s\n' sample threads fds backend heap_MiB > "$work/table"
before=$(sample before); echo "$before" >> "$work/table"
log "soak: $DURATION s of mixed traffic"
wrk -t1 -c64 -d${DURATION}s "http://127.0.0.1:$P/" > "$work/wrk.txt" 2>&1 &
wrk_pid=$!
start=$(date +%s); n=0; reloads=0; kills=0
while [ $(( $(date +%s) - start )) -lt "$DURATION" ]; do
    n=$((n + 1))
    left=$(( start + n * 10 - $(date +%s) )); [ $left -gt 0 ] && sleep $left
    aborts &
    burst=$!
    if [ $((n % 3)) -eq 0 ]; then   # every 30 s: the second backend killed, back 5 s later
        kill -KILL "$(cat "$work/n2/pid")" 2>/dev/null || true; kills=$((kills + 1))
        ( sleep 5; start_nginx 2 $B2 ) &
        restarter=$!
    fi
    if [ $((n % 2)) -eq 0 ]; then   # every 20 s: a reload that changes a weight
        config $(( (n / 2) % 2 + 1 )) > "$work/portico.toml.new" && mv "$work/portico.toml.new" "$work/portico.toml"
        curl -s -o /dev/null -X POST "http://127.0.0.1:$A/reload" || true; reloads=$((reloads + 1))
    fi
    wait $burst
    sample "t+$(( $(date +%s) - start ))s" >> "$work/table"
done
wait $wrk_pid || true
[ -n "${restarter:-}" ] && wait "$restarter" 2>/dev/null || true
sleep 12
after=$(sample after); echo "$after" >> "$work/table"
wrk_errors=$(awk '/Non-2xx|Socket errors/' "$work/wrk.txt" | tr -s ' \n' ' ')
echo "Portico soak: $DURATION s, $(awk '/requests in/ {print $1}' "$work/wrk.txt") wrk requests (errors: ${wrk_errors:-none}), $((n * 220)) aborted requests, $kills backend kills, $reloads reloads by POST /reload (the file watcher reloads the same changes too)"
cat "$work/table"
curl -s "http://127.0.0.1:$A/metrics" | grep -E '^portico_(connections_open|config_reloads|accept_failures|errors_total)' | sed 's/^/  /'

read -r _ t0 f0 b0 h0 <<< "$before"
read -r _ t1 f1 b1 h1 <<< "$after"
fail=0
[ $((f1 - f0)) -le "$MAX_FD" ] || { echo "descriptors grew by $((f1 - f0)) (> $MAX_FD)"; fail=1; }
[ $((t1 - t0)) -le "$MAX_THREADS" ] || { echo "threads grew by $((t1 - t0)) (> $MAX_THREADS)"; fail=1; }
[ $((b1 - b0)) -le "$MAX_BACKEND" ] || { echo "backend sockets grew by $((b1 - b0)) (> $MAX_BACKEND)"; fail=1; }
[ $((h1 - h0)) -le "$MAX_HEAP" ] || { echo "heap after GC grew by $((h1 - h0)) MiB (> $MAX_HEAP)"; fail=1; }
[ $fail -eq 0 ] && echo "flat: descriptors, threads, backend sockets and heap within the thresholds"
kill -TERM $proxy; wait $proxy 2>/dev/null || true; proxy=""
exit $fail

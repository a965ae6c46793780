#!/usr/bin/env bash
# Peak resident memory of Portico run as the container runs it (deploy/jvm.options; heap = MaxRAMPercentage of a
# memory "limit" given by -XX:MaxRAM), idle and under wrk at 64, 256 and 1,024 connections, against
# the demo backends (in the same JVM, so the figures are an upper bound). Sizes deploy/kubernetes.
#   bench/memory.sh [limit_mib=512] [percent=60]      needs wrk and curl; uses ports 18080, 18421, 9001, 9002
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
limit=${1:-512}; percent=${2:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$root/portico" --version >/dev/null   # builds the jar when needed
java_bin=$(command -v java)
for c in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java; do
    [ -x "$c" ] && [ "$("$c" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)" -ge 21 ] && java_bin=$c
done
sed 's/127.0.0.1:8080/127.0.0.1:18080/; s/127.0.0.1:8421/127.0.0.1:18421/' "$root/config-samples/quickstart.toml" > "$work/q.toml"
"$java_bin" "@$root/deploy/jvm.options" -XX:MaxRAM=${limit}m -XX:MaxRAMPercentage=$percent \
    -jar "$root/proxy-server/target/portico.jar" --demo --config "$work/q.toml" > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do curl -s -o /dev/null http://127.0.0.1:18421/readyz && break; sleep 0.2; done
sleep 2
echo "limit ${limit} MiB, heap ${percent} %: idle RSS $(( $(ps -o rss= -p $pid) / 1024 )) MiB"
( while kill -0 $pid 2>/dev/null; do ps -o rss= -p $pid >> "$work/rss" || true; sleep 0.25; done ) &
sampler=$!
for c in 64 256 1024; do
    wrk -t1 -c$c -d15s http://127.0.0.1:18080/ > "$work/wrk" 2>&1
    echo "c=$c: $(awk '/Requests\/sec/ {print $2}' "$work/wrk") req/s, peak RSS so far $(( $(sort -n "$work/rss" | tail -1) / 1024 )) MiB"
done
jcmd $pid GC.heap_info 2>/dev/null | sed -n 2p || true
kill -TERM $pid; wait $pid || true; kill $sampler 2>/dev/null || true
echo "peak RSS $(( $(sort -n "$work/rss" | tail -1) / 1024 )) MiB of a ${limit} MiB limit"

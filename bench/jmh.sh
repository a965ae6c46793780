#!/usr/bin/env bash
# The JMH suite with one command: builds bench/target/benchmarks.jar when it is missing or older
# than the sources, then runs it on a JDK >= 21 (JAVA_HOME, PATH or /usr/lib/jvm, the newest),
# whatever the default `java` is. Arguments go to JMH; without any: `-prof gc` over the whole
# suite with the short default iterations (a few minutes on 2 cores).
#
#   bench/jmh.sh                          # everything, with allocation per operation
#   bench/jmh.sh -prof gc Http1ParseBench # one class
#   bench/jmh.sh -l                       # list
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

java_major() {
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}
best="" best_v=0
candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
for c in /usr/lib/jvm/*/bin/java; do candidates+=("$c"); done
for c in "${candidates[@]}"; do
    [ -x "$c" ] || continue
    v=$(java_major "$c"); v=${v:-0}
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$c; best_v=$v; fi
done
[ -n "$best" ] || { echo "bench/jmh.sh: no JDK 21 or newer found (looked at JAVA_HOME, PATH, /usr/lib/jvm)" >&2; exit 1; }

jar="$root/bench/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/bench/src" "$root/proxy-core/src/main" -newer "$jar" -type f -print -quit)" ]; then
    (cd "$root" && mvn -q -B -pl bench -am package -DskipTests) >&2
fi
[ $# -gt 0 ] || set -- -prof gc
exec "$best" -jar "$jar" "$@"

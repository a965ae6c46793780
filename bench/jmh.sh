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

source "$root/bench/find-java.sh"
best=$(find_java) || { echo "bench/jmh.sh: cannot run the benchmarks" >&2; exit 1; }

jar="$root/bench/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/bench/src" "$root/proxy-core/src/main" -newer "$jar" -type f -print -quit)" ]; then
    (cd "$root" && mvn -q -B -pl bench -am package -DskipTests) >&2
fi
[ $# -gt 0 ] || set -- -prof gc
exec "$best" -jar "$jar" "$@"

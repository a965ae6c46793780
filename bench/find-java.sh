# Sourced by bench/jmh.sh and bench/load.sh: the JDK found the way ./portico finds it
# (JAVA_HOME, PATH, /usr/lib/jvm; the newest >= 21). `find_java` prints its java binary, or
# prints why not on stderr and returns 1.

java_major() { # the feature version of the java binary given, or 0
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}

find_java() {
    local c candidates=() best="" best_v=0 v
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
    command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
    for c in /usr/lib/jvm/*/bin/java; do candidates+=("$c"); done
    for c in "${candidates[@]}"; do
        [ -x "$c" ] || continue
        v=$(java_major "$c"); v=${v:-0}
        if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$c; best_v=$v; fi
    done
    if [ -z "$best" ]; then
        echo "no JDK 21 or newer found (looked at JAVA_HOME, PATH, /usr/lib/jvm)" >&2
        return 1
    fi
    echo "$best"
}

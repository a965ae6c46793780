#!/usr/bin/env bash
# Side-by-side load harness: one nginx backend, and the same traffic sent to it directly, through
# nginx as a proxy, through HAProxy and through Portico, in HTTP/1.1, over TLS and in HTTP/2
# (h2c and h2 over TLS from the client; HTTP/1.1 to the backend). Each proxy runs on core 1 alone
# (taskset -c 1; Portico's JVM sees one processor), the load tool and the backend share core 0.
# Only 127.0.0.1 is used. Every run and every wait is bounded; everything started is stopped on exit.
#
#   bench/load.sh                                   the full run (about 40 minutes with the defaults)
#   bench/load.sh --duration 3 --rounds 1 --cases get-1k-c64,post-1k-c64 --idle 500 --cold 1
#   bench/load.sh --cases h2c-1k,h2-tls-1k --cold 0 HTTP/2 only (idle passes still cover every kind)
#   bench/load.sh --list                            the cases
#
# Options:
#   --duration S     seconds per measured run (default 10)
#   --warmup S       seconds of the same load before each measured run (default 2; 0 = none)
#   --rounds N       interleaved rounds over all cases and targets (default 3); medians are reported
#   --cases A,B      only these cases (names from --list)
#   --targets A,B    only these of direct,nginx,haproxy,portico (default all)
#   --idle N[,M]     idle keep-alive connections for the memory measurement (default 5000; 0 = skip):
#                    HTTP/1.1, TLS, h2c and h2 over TLS, one request on each, then held idle; several
#                    counts (5000,19000) measure HTTP/1.1 at each, the other kinds at the first
#   --settle S       after the largest HTTP/1.1 burst of idle connections closes, RSS is sampled for
#                    S seconds (default 60; 0 = skip): does the memory come back?
#   --fresh          fresh starts: every proxy is restarted before each case, and its rounds follow
#                    (no JIT warm-up beyond --warmup and Portico's own warm_up, which ends before
#                    anything is measured), so round 1 is the first client traffic after a start
#   --cold N         cold starts of Portico to time (default 3; 0 = skip)
#   --no-install     never call apt-get; fail if a tool is missing
# Environment: PORTICO_JAVA_OPTS (extra JVM options for Portico, e.g. "-Xmx512m"), JAVA_HOME,
#   PORTICO_WARM_UP (Portico's [server] warm_up, default 15s; 0s = none).
# Output: a Markdown report on stdout and in bench/results/<timestamp>.md, raw wrk output beside it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

DURATION=10
WARMUP=2
ROUNDS=3
IDLE=5000
SETTLE=60
FRESH=0
COLD=3
CASE_FILTER=""
TARGET_FILTER="direct,nginx,haproxy,portico"
INSTALL=1
LOAD_CPU=0      # wrk and the backend
PROXY_CPU=1     # the proxy under test

# The cases, as data: name | runner | scheme | path | connections | mode.
# A runner is a function run_<runner>; a scheme picks the port of each target (http: PORT_HTTP,
# https: PORT_HTTPS, h2c: PORT_H2C, h2: PORT_H2; a target without one, such as direct for
# https, h2c and h2, skips the case).
# TLS cases use one RSA-2048 certificate for every proxy, TLS 1.3 as clients negotiate it:
#   https-*            keep-alive requests over TLS (h2load --h1)
#   tls-new-burst      3,000 clients at once, one connection and one request each: full handshakes (h2load)
#   tls-conn-full      one client, a new connection per request, no resumption (openssl s_time -new)
#   tls-conn-resumed   the same, each connection resuming the first one's session (openssl s_time -reuse)
# HTTP/2 from the client, HTTP/1.1 with keep-alive to the backend (mode h2-mN: N concurrent
# streams per connection):
#   h2c-1k             cleartext h2 by prior knowledge, 16 connections x 10 streams (h2load -c16 -m10)
#   h2-tls-1k          h2 over TLS chosen by ALPN (h2load --npn-list=h2), 16 connections x 10 streams
# The h2 ports: nginx `listen ... http2` (h2c only) and `listen ... ssl http2`, HAProxy `bind ...
# proto h2` and `bind ... ssl alpn h2,http/1.1`, Portico its http listener (h2c by prior
# knowledge beside HTTP/1.1) and a third listener, https with the default ALPN (h2, http/1.1).
CASES=(
    "get-0b-c64|wrk|http|/0b|64|keepalive"
    "get-0b-c256|wrk|http|/0b|256|keepalive"
    "get-1k-c64|wrk|http|/1k|64|keepalive"
    "get-1k-c256|wrk|http|/1k|256|keepalive"
    "get-16k-c64|wrk|http|/16k|64|keepalive"
    "get-16k-c256|wrk|http|/16k|256|keepalive"
    "post-1k-c64|wrk|http|/post|64|post"
    "close-1k-c64|wrk|http|/1k|64|close"
    "https-1k-c64|h2load|https|/1k|64|keepalive"
    "https-1k-c256|h2load|https|/1k|256|keepalive"
    "tls-new-burst|h2load|https|/1k|3000|burst"
    "tls-conn-full|stime|https|/1k|1|new"
    "tls-conn-resumed|stime|https|/1k|1|reuse"
    "h2c-1k|h2load|h2c|/1k|16|h2-m10"
    "h2-tls-1k|h2load|h2|/1k|16|h2-m10"
)
ALL_TARGETS=(direct nginx haproxy portico)

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "load.sh: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --cases) CASE_FILTER=$2; shift 2 ;;
        --targets) TARGET_FILTER=$2; shift 2 ;;
        --idle) IDLE=$2; shift 2 ;;
        --settle) SETTLE=$2; shift 2 ;;
        --fresh) FRESH=1; shift ;;
        --cold) COLD=$2; shift 2 ;;
        --no-install) INSTALL=0; shift ;;
        --list) for c in "${CASES[@]}"; do echo "${c%%|*}"; done; exit 0 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done
for n in DURATION WARMUP ROUNDS SETTLE COLD; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "--${n,,} needs a whole number, got '${!n}'"
done
[[ $IDLE =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--idle needs whole numbers separated by commas, got '$IDLE'"
IFS=, read -r -a IDLE_COUNTS <<<"$IDLE"
IDLE_MAX=0
for n in "${IDLE_COUNTS[@]}"; do [ "$n" -gt "$IDLE_MAX" ] && IDLE_MAX=$n; done
IDLE=${IDLE_COUNTS[0]}
[ "$DURATION" -ge 1 ] && [ "$ROUNDS" -ge 1 ] || die "--duration and --rounds must be at least 1"
[ "$(nproc)" -ge 2 ] || die "needs at least 2 cores (proxy on core $PROXY_CPU, load on core $LOAD_CPU)"

selected_cases=()
for c in "${CASES[@]}"; do
    name=${c%%|*}
    if [ -z "$CASE_FILTER" ] || [[ ",$CASE_FILTER," == *",$name,"* ]]; then selected_cases+=("$c"); fi
done
[ ${#selected_cases[@]} -gt 0 ] || die "no case matches --cases $CASE_FILTER (see --list)"
targets=()
for t in "${ALL_TARGETS[@]}"; do
    if [[ ",$TARGET_FILTER," == *",$t,"* ]]; then targets+=("$t"); fi
done
[ ${#targets[@]} -gt 0 ] || die "no target matches --targets $TARGET_FILTER"
wants() { [[ " ${targets[*]} " == *" $1 "* ]]; }

# ---- tools -----------------------------------------------------------------------------------
install_missing() {
    local pkgs=() 
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || pkgs+=(nginx-light)
    command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || pkgs+=(haproxy)
    command -v wrk >/dev/null 2>&1 || pkgs+=(wrk)
    command -v h2load >/dev/null 2>&1 || pkgs+=(nghttp2-client)
    command -v python3 >/dev/null 2>&1 || pkgs+=(python3)
    command -v curl >/dev/null 2>&1 || pkgs+=(curl)
    command -v openssl >/dev/null 2>&1 || pkgs+=(openssl)
    command -v taskset >/dev/null 2>&1 || pkgs+=(util-linux)
    [ ${#pkgs[@]} -eq 0 ] && return 0
    [ "$INSTALL" -eq 1 ] || die "missing tools (packages ${pkgs[*]}) and --no-install given"
    command -v apt-get >/dev/null 2>&1 || die "missing packages ${pkgs[*]} and no apt-get to install them"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    log "installing ${pkgs[*]} with apt-get"
    $sudo apt-get update -qq
    # Debian starts nginx/haproxy services on install where it can; they are not used here.
    if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2; then
        pkgs=("${pkgs[@]/#nginx-light/nginx}")   # nginx-light is gone from newer Debian releases
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2
    fi
}
install_missing
export PATH="$PATH:/usr/sbin:/sbin"

source "$root/bench/find-java.sh"
JAVA=""
PORTICO_JAR="$root/proxy-server/target/portico.jar"
if wants portico || [ "$COLD" -gt 0 ]; then
    JAVA=$(find_java) || die "cannot run Portico"
    if [ ! -f "$PORTICO_JAR" ]; then
        log "building the Portico jar (./portico --version)"
        "$root/portico" --version >&2
    fi
    [ -f "$PORTICO_JAR" ] || die "no $PORTICO_JAR after the build"
fi

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
NOFILE=$(ulimit -n)
[ "$NOFILE" -ge $((IDLE_MAX + 1024)) ] || die "open-file limit $NOFILE is too low for --idle $IDLE_MAX"

# ---- work directory, ports, processes ---------------------------------------------------------
work=$(mktemp -d /tmp/portico-load.XXXXXX)
chmod 755 "$work"   # nginx workers run as an unprivileged user when started by root
stamp=$(date +%Y%m%d-%H%M%S)
results_dir="$here/results"
raw="$results_dir/$stamp-raw"
mkdir -p "$raw"
declare -A PID        # target (or "backend") → main pid
declare -A PORT_HTTP  # target → port
declare -A PORT_HTTPS # target → TLS port (none for direct)
declare -A PORT_H2C   # target → cleartext HTTP/2 port, prior knowledge (none for direct; Portico's http one)
declare -A PORT_H2    # target → HTTP/2 over TLS port, ALPN h2 (none for direct)
all_pids=()

cleanup() {
    local p
    for p in "${all_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${all_pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null || true
    done
    cp "$work"/*.log "$work"/*.tsv "$raw"/ 2>/dev/null || true   # what was measured survives a failed step
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_ports() { # prints N ports the kernel just handed out on 127.0.0.1
    python3 - "$1" <<'EOF'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}
read -r BACKEND_PORT PORT_HTTP[nginx] PORT_HTTP[haproxy] PORT_HTTP[portico] PORT_HTTPS[nginx] PORT_HTTPS[haproxy] \
    PORT_HTTPS[portico] PORT_H2C[nginx] PORT_H2C[haproxy] PORT_H2[nginx] PORT_H2[haproxy] PORT_H2[portico] \
    <<<"$(free_ports 12)"
PORT_HTTP[direct]=$BACKEND_PORT
PORT_H2C[portico]=${PORT_HTTP[portico]}   # Portico serves h2c by prior knowledge on its http listener

# The process and its direct children (nginx's master and worker).
proc_tree() {
    local p=$1 c
    echo "$p"
    for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do echo "$c"; done
}
cpu_ticks() { # utime + stime of a process tree, in clock ticks
    local total=0 p t
    for p in $(proc_tree "$1"); do
        t=$(sed 's/.*) //' /proc/"$p"/stat 2>/dev/null | awk '{print $12 + $13}') || t=0
        total=$((total + ${t:-0}))
    done
    echo "$total"
}
rss_kib() { # VmRSS of a process tree, KiB
    local total=0 p r
    for p in $(proc_tree "$1"); do
        r=$(awk '/^VmRSS:/ {print $2}' /proc/"$p"/status 2>/dev/null) || r=0
        total=$((total + ${r:-0}))
    done
    echo "$total"
}
CLK_TCK=$(getconf CLK_TCK)

cpu_times() { # total and steal clock ticks of one CPU from /proc/stat
    awk -v c="cpu$1" '$1 == c { t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9 }' /proc/stat
}

wait_http() { # port path [scheme [curl option]]: until it answers 200, at most 30 s
    local i
    for i in $(seq 300); do
        [ "$(curl -sk ${4:-} -o /dev/null -m 1 -w '%{http_code}' "${3:-http}://127.0.0.1:$1$2" || true)" = 200 ] && return 0
        sleep 0.1
    done
    return 1
}
h2_answer() { # port scheme(http|https): "<status> <HTTP version>" of GET /1k in HTTP/2 (prior knowledge or ALPN)
    local opt=--http2-prior-knowledge
    [ "$2" = https ] && opt=--http2
    curl -sk "$opt" -o /dev/null -m 5 -w '%{http_code} %{http_version}' "$2://127.0.0.1:$1/1k" || true
}

# ---- the backend and the proxies --------------------------------------------------------------
mkdir -p "$work/www" "$work/tmp"
: > "$work/www/0b"
head -c 1024 /dev/zero | tr '\0' 'a' > "$work/www/1k"
head -c 16384 /dev/zero | tr '\0' 'b' > "$work/www/16k"
# One RSA-2048 certificate for every proxy's TLS listener (the key exchange is X25519 for all).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null \
    || die "openssl could not make the test certificate"
cat "$work/tls.crt" "$work/tls.key" > "$work/tls.pem"

nginx_common() { # the parts of an nginx config both nginx instances share
    cat <<EOF
worker_processes 1;
worker_rlimit_nofile $NOFILE;
daemon off;
pid $work/$1.pid;
error_log $work/$1-error.log warn;
events { worker_connections $((NOFILE - 64)); }
EOF
}
{
    nginx_common backend
    cat <<EOF
http {
    access_log off;
    client_body_temp_path $work/tmp/backend-body;
    keepalive_requests 100000000;
    keepalive_timeout 300s;
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$BACKEND_PORT backlog=4096;
        root $work/www;
        location = /post {
            client_max_body_size 64k;
            return 200 "ok\n";
        }
    }
}
EOF
} > "$work/backend.conf"
{
    nginx_common nginx
    cat <<EOF
http {
    access_log off;
    client_body_temp_path $work/tmp/nginx-body;
    proxy_temp_path $work/tmp/nginx-proxy;
    keepalive_requests 100000000;
    keepalive_timeout 300s;
    upstream backend {
        server 127.0.0.1:$BACKEND_PORT;
        keepalive 512;
        keepalive_requests 100000000;
    }
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ecdh_curve X25519:prime256v1;
    ssl_session_cache shared:SSL:20m;
    ssl_session_tickets on;
    server {
        listen 127.0.0.1:${PORT_HTTP[nginx]} backlog=4096;
        listen 127.0.0.1:${PORT_HTTPS[nginx]} ssl backlog=4096;
        # nginx 1.22: http2 on a plain listen is h2c by prior knowledge only (no HTTP/1.1 there).
        listen 127.0.0.1:${PORT_H2C[nginx]} http2 backlog=4096;
        listen 127.0.0.1:${PORT_H2[nginx]} ssl http2 backlog=4096;
        ssl_certificate $work/tls.crt;
        ssl_certificate_key $work/tls.key;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Real-IP \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
        }
    }
}
EOF
} > "$work/nginx.conf"
cat > "$work/haproxy.cfg" <<EOF
global
    nbthread 1
    maxconn $(((NOFILE - 64) / 2))
defaults
    mode http
    timeout connect 5s
    timeout client 300s
    timeout server 300s
    timeout http-keep-alive 300s
    option http-keep-alive
    option forwardfor
    http-reuse always
frontend bench
    bind 127.0.0.1:${PORT_HTTP[haproxy]}
    bind 127.0.0.1:${PORT_HTTPS[haproxy]} ssl crt $work/tls.pem alpn http/1.1 ssl-min-ver TLSv1.2 curves X25519:P-256
    bind 127.0.0.1:${PORT_H2C[haproxy]} proto h2
    bind 127.0.0.1:${PORT_H2[haproxy]} ssl crt $work/tls.pem alpn h2,http/1.1 ssl-min-ver TLSv1.2 curves X25519:P-256
    http-request set-header X-Forwarded-Proto https if { ssl_fc }
    http-request set-header X-Forwarded-Proto http if !{ ssl_fc }
    default_backend backend
backend backend
    server b1 127.0.0.1:$BACKEND_PORT
EOF
cat > "$work/portico.toml" <<EOF
[[listener]]
name = "bench"
address = "127.0.0.1:${PORT_HTTP[portico]}"

[[listener]]
name = "bench-tls"
address = "127.0.0.1:${PORT_HTTPS[portico]}"
protocol = "https"
alpn = ["http/1.1"]

# h2 over TLS (the default ALPN: h2, http/1.1); h2c is served on the http listener above.
[[listener]]
name = "bench-h2"
address = "127.0.0.1:${PORT_H2[portico]}"
protocol = "https"

[[tls.certificate]]
cert = "$work/tls.crt"
key = "$work/tls.key"

# warm_up: what config-samples/full.toml and the Kubernetes config recommend; PORTICO_WARM_UP=0s
# measures the proxy without it.
[server]
default_product = "bench"
warm_up = "${PORTICO_WARM_UP:-15s}"

[server.timeouts]
client_idle = "300s"

# The idle passes hold up to --idle client connections, one descriptor each (the load cases hold
# 256 at most): above Portico's default cap of half the descriptor limit. (HAProxy reserves two
# descriptors per connection whatever maxconn says: it holds about half the limit at most.)
[server.limits]
max_connections = $((NOFILE - 1024))

[[product.bench.route]]
condition = "default_t()"
cluster = "backend"

[cluster.backend]
balance = "wrr"

[cluster.backend.pool]
max_idle_per_instance = 512

[[cluster.backend.subcluster.local.instance]]
address = "127.0.0.1:$BACKEND_PORT"
EOF

# What the ./portico launcher starts the JVM with: on JDK 25 and newer its ahead-of-time cache,
# made afresh here by "./portico train" (about 20 s) as the launcher makes it once per build;
# before JDK 25 the class-data sharing archive written on the first start (one made from another
# build of the jar is neither used nor rewritten by the JVM, so it goes).
PORTICO_AOT="${PORTICO_JAR%.jar}.aot"
PORTICO_CACHE=(-XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=${PORTICO_JAR%.jar}.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
PORTICO_CACHE_NAME="CDS archive"
if [ -n "$JAVA" ] && [ "$(java_major "$JAVA")" -ge 25 ]; then
    log "the launcher's ahead-of-time cache (./portico train)"
    JAVA_HOME="$(dirname "$(dirname "$JAVA")")" "$root/portico" train >&2 || true
    if [ -f "$PORTICO_AOT" ]; then
        PORTICO_CACHE=("-XX:AOTCache=$PORTICO_AOT" -Xlog:aot=off -Xlog:cds=off)
        PORTICO_CACHE_NAME="AOT cache from ./portico train"
    fi
fi
[ -f "${PORTICO_JAR%.jar}.jsa" ] && [ "$PORTICO_JAR" -nt "${PORTICO_JAR%.jar}.jsa" ] && rm -f "${PORTICO_JAR%.jar}.jsa"
portico_cmd=(taskset -c "$PROXY_CPU" "$JAVA" "@$root/deploy/jvm.options" -XX:ActiveProcessorCount=1 "${PORTICO_CACHE[@]}"
    ${PORTICO_JAVA_OPTS:-} -jar "$PORTICO_JAR" --config "$work/portico.toml")

start() { # name, command...: starts it in the background, logs to $work/name.log
    local name=$1
    shift
    "$@" > "$work/$name.log" 2>&1 &
    PID[$name]=$!
    all_pids+=("$!")
}
start_target() { # nginx | haproxy | portico
    case "$1" in
        nginx) start nginx taskset -c "$PROXY_CPU" nginx -c "$work/nginx.conf" -p "$work" ;;
        haproxy) start haproxy taskset -c "$PROXY_CPU" haproxy -db -f "$work/haproxy.cfg" ;;
        portico) start portico "${portico_cmd[@]}" ;;
    esac
}
restart_target() { # a fresh process of a proxy (direct, the backend, stays)
    local t=$1
    [ "$t" = direct ] && return 0
    kill "${PID[$t]}" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "${PID[$t]}" 2>/dev/null || break; sleep 0.1; done
    kill -9 "${PID[$t]}" 2>/dev/null || true
    wait "${PID[$t]}" 2>/dev/null || true
    mv "$work/$t.log" "$work/$t-$(date +%s%N).log" 2>/dev/null || true
    start_target "$t"
    wait_http "${PORT_HTTP[$t]}" /1k || die "$t did not answer on ${PORT_HTTP[$t]} after a restart"
    [ "$t" = portico ] && await_warm_up
    return 0
}
# Portico's [server] warm_up runs once it has had a quiet second after a start, on the core the
# proxies share: nothing is measured until it said it ended (else it would take CPU from a peer's round).
await_warm_up() {
    case "${PORTICO_WARM_UP:-15s}" in 0|0s|0ms) return 0 ;; esac
    local line=""
    for _ in $(seq 600); do   # at most 60 s
        line=$(grep -m1 -oE 'warm-up( failed)?: .*' "$work/portico.log" 2>/dev/null || true)
        [ -n "$line" ] && break
        sleep 0.1
    done
    log "portico ${line:-warm-up: no line after 60 s}"
}
log "backend nginx on 127.0.0.1:$BACKEND_PORT (core $LOAD_CPU)"
start backend taskset -c "$LOAD_CPU" nginx -c "$work/backend.conf" -p "$work"
wait_http "$BACKEND_PORT" /1k || die "the backend did not answer (see $raw/backend.log)"
PID[direct]=${PID[backend]}
wants nginx && start_target nginx
wants haproxy && start_target haproxy
wants portico && start_target portico
for t in "${targets[@]}"; do
    port=${PORT_HTTP[$t]}
    wait_http "$port" /1k || die "$t did not answer on $port (see $raw/$t.log)"
    size=$(curl -s -m 5 "http://127.0.0.1:$port/16k" | wc -c)
    post=$(curl -s -m 5 -o /dev/null -w '%{http_code}' --data-binary @"$work/www/1k" "http://127.0.0.1:$port/post")
    [ "$size" -eq 16384 ] && [ "$post" = 200 ] || die "$t: /16k gave $size bytes, POST /post gave $post"
    if [ -n "${PORT_HTTPS[$t]:-}" ]; then
        wait_http "${PORT_HTTPS[$t]}" /1k https || die "$t did not answer over TLS on ${PORT_HTTPS[$t]} (see $raw/$t.log)"
    fi
    if [ -n "${PORT_H2C[$t]:-}" ]; then
        wait_http "${PORT_H2C[$t]}" /1k http --http2-prior-knowledge || die "$t did not answer h2c on ${PORT_H2C[$t]} (see $raw/$t.log)"
        h2=$(h2_answer "${PORT_H2C[$t]}" http)
        [ "$h2" = "200 2" ] || die "$t: h2c GET /1k on ${PORT_H2C[$t]} gave '$h2' (status, HTTP version), not '200 2'"
    fi
    if [ -n "${PORT_H2[$t]:-}" ]; then
        wait_http "${PORT_H2[$t]}" /1k https --http2 || die "$t did not answer h2 over TLS on ${PORT_H2[$t]} (see $raw/$t.log)"
        h2=$(h2_answer "${PORT_H2[$t]}" https)
        [ "$h2" = "200 2" ] || die "$t: h2 (ALPN) GET /1k on ${PORT_H2[$t]} gave '$h2' (status, HTTP version), not '200 2'"
    fi
    log "$t ready on 127.0.0.1:$port${PORT_HTTPS[$t]:+, TLS on ${PORT_HTTPS[$t]}}${PORT_H2C[$t]:+, h2c on ${PORT_H2C[$t]}}${PORT_H2[$t]:+, h2 on ${PORT_H2[$t]}} (pid ${PID[$t]})"
done
wants portico && await_warm_up

# ---- runners ----------------------------------------------------------------------------------
# run_<runner> port path connections mode seconds outfile scheme: generates load, writes the tool's output.
run_wrk() {
    local port=$1 path=$2 conns=$3 mode=$4 secs=$5 out=$6
    local args=(-t1 -c"$conns" -d"${secs}s" --latency --timeout 5s)
    case "$mode" in
        keepalive) ;;
        post) args+=(-s "$here/load/post-1k.lua") ;;
        close) args+=(-H "Connection: close") ;;
        *) die "wrk runner: unknown mode $mode" ;;
    esac
    taskset -c "$LOAD_CPU" timeout -k 5 $((secs + 30)) wrk "${args[@]}" "http://127.0.0.1:$port$path" > "$out" 2>&1 || true
}
# parse_<runner> outfile: prints "requests rps p50_ms p99_ms errors non2xx"
parse_wrk() {
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        / requests in / { req = $1 }
        /^Requests\/sec:/ { rps = $2 }
        /^ +50%/ { p50 = ms($2) }
        /^ +99%/ { p99 = ms($2) }
        /Socket errors:/ { gsub(/,/, ""); err = $4 + $6 + $8 + $10 }
        /Non-2xx or 3xx responses:/ { bad = $5 }
        END { printf "%s %s %s %s %d %d\n", req + 0, rps + 0, p50 + 0, p99 + 0, err, bad }
    ' "$1"
}

# h2load: keep-alive requests over TLS (HTTP/1.1), a burst of one-request connections, or HTTP/2
# (h2-mN: N concurrent streams per connection) in cleartext by prior knowledge (scheme h2c) or
# over TLS with ALPN offering h2 alone (scheme h2), so that a target not speaking h2 fails.
run_h2load() {
    local port=$1 path=$2 conns=$3 mode=$4 secs=$5 out=$6 scheme=${7:-https} args url reqlog
    url="https://127.0.0.1:$port$path"
    case "$mode" in
        keepalive) args=(--h1 -t1 -c"$conns" -D"$secs" --warm-up-time=0) ;;
        burst) args=(--h1 -t1 -c"$conns" -n"$conns") ;;
        h2-m*)
            args=(-t1 -c"$conns" -m"${mode#h2-m}" -D"$secs" --warm-up-time=0)
            case "$scheme" in
                h2c) url="http://127.0.0.1:$port$path" ;;   # h2load's default for http: h2c, prior knowledge
                h2) args+=(--npn-list=h2) ;;
                *) die "h2load runner: mode $mode needs scheme h2c or h2, not $scheme" ;;
            esac ;;
        *) die "h2load runner: unknown mode $mode" ;;
    esac
    reqlog="$out.log"
    [ "$out" = /dev/null ] && reqlog=/dev/null   # a warm-up run: no request log (not a file /dev/null.log)
    taskset -c "$LOAD_CPU" timeout -k 5 $((secs + 60)) h2load "${args[@]}" --log-file="$reqlog" "$url" > "$out" 2>&1 || true
}
# prints "requests rps p50_ms p99_ms errors non2xx"; latencies from the per-request log (µs).
# h2load's "failed" counts 4xx/5xx answers too and "errored" is a subset of it: errors are the
# failures that are not an HTTP status (resets, broken connections, timeouts), non-2xx the 4xx/5xx.
parse_h2load() {
    local p50 p99
    read -r p50 p99 <<<"$(awk '{print $3}' "$1.log" 2>/dev/null | sort -n | awk '{v[NR] = $1}
        END { if (NR == 0) { print "0 0"; exit } i = int(NR * 0.99); if (i < 1) i = 1; j = int((NR + 1) / 2)
              printf "%.3f %.3f\n", v[j] / 1000, v[i] / 1000 }')"
    awk -v p50="$p50" -v p99="$p99" '
        /^requests:/ { done = $6; failed = $10 }
        /^finished in/ { gsub(/,/, ""); rps = $4 }
        /^status codes:/ { gsub(/,/, ""); bad = $7 + $9 }
        END { printf "%s %s %s %s %d %d\n", done + 0, rps + 0, p50, p99, failed - bad, bad }
    ' "$1"
}
# openssl s_time: one client, a new TLS connection per request: full handshakes (new) or resumed (reuse).
run_stime() {
    local port=$1 path=$2 conns=$3 mode=$4 secs=$5 out=$6
    taskset -c "$LOAD_CPU" timeout -k 5 $((secs + 30)) openssl s_time -connect "127.0.0.1:$port" "-$mode" \
        -time "$secs" -www "$path" > "$out" 2>&1 || true
}
parse_stime() {
    awk '/connections in .* real seconds/ { n = $1; t = $4 }
        END { printf "%d %.1f 0 0 0 0\n", n, (t > 0 ? n / t : 0) }' "$1"
}

runs="$work/runs.tsv"
printf 'round\tcase\ttarget\trequests\trps\tp50_ms\tp99_ms\tcpu_s\terrors\tnon2xx\tsteal_pct\n' > "$runs"
measure() { # round case-line target
    local round=$1 line=$2 target=$3 name runner scheme path conns mode port before after out steal0 steal1 steal
    IFS='|' read -r name runner scheme path conns mode <<<"$line"
    case "$scheme" in
        http) port=${PORT_HTTP[$target]} ;;
        https) port=${PORT_HTTPS[$target]:-} ;;
        h2c) port=${PORT_H2C[$target]:-} ;;
        h2) port=${PORT_H2[$target]:-} ;;
        *) die "case $name: unknown scheme $scheme" ;;
    esac
    [ -n "$port" ] || return 0   # direct has no TLS and no HTTP/2 listener
    [ "$WARMUP" -gt 0 ] && "run_$runner" "$port" "$path" "$conns" "$mode" "$WARMUP" /dev/null "$scheme"
    out="$raw/r$round-$name-$target.txt"
    before=$(cpu_ticks "${PID[$target]}")
    steal0=$(cpu_times "$PROXY_CPU")
    "run_$runner" "$port" "$path" "$conns" "$mode" "$DURATION" "$out" "$scheme"
    steal1=$(cpu_times "$PROXY_CPU")
    after=$(cpu_ticks "${PID[$target]}")
    # Time the hypervisor gave the proxy's core to someone else: on a shared VM it moves req/s
    # and CPU per request by tens of percent from one run to the next.
    steal=$(awk -v a="$steal0" -v b="$steal1" 'BEGIN { split(a, x, " "); split(b, y, " "); t = y[1] - x[1];
        printf "%.1f", (t > 0 ? 100 * (y[2] - x[2]) / t : 0) }')
    read -r requests rps p50 p99 errors non2xx <<<"$("parse_$runner" "$out")"
    cpu=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$target" "$requests" "$rps" "$p50" "$p99" "$cpu" "$errors" "$non2xx" "$steal" >> "$runs"
    log "round $round $name $target: $rps req/s, p99 ${p99} ms, cpu ${cpu}s, errors $errors, non-2xx $non2xx, steal ${steal}%"
}

# ---- the measurements -------------------------------------------------------------------------
if [ "$FRESH" -eq 1 ]; then
    for line in "${selected_cases[@]}"; do
        log "fresh start of every proxy before ${line%%|*}"
        for t in "${targets[@]}"; do restart_target "$t"; done
        for round in $(seq "$ROUNDS"); do
            for t in "${targets[@]}"; do measure "$round" "$line" "$t"; done
        done
    done
else
    log "JIT and pool warm-up: ${DURATION}s of get-1k-c64 per target"
    for t in "${targets[@]}"; do run_wrk "${PORT_HTTP[$t]}" /1k 64 keepalive "$DURATION" /dev/null; done
    for round in $(seq "$ROUNDS"); do
        for line in "${selected_cases[@]}"; do
            for t in "${targets[@]}"; do measure "$round" "$line" "$t"; done
        done
    done
fi

idle="$work/idle.tsv"
printf 'target\tconnections\trss_before_kib\trss_after_kib\topen_s\theap_before\theap_after\trss_closed_kib\n' > "$idle"
# Portico's live heap in bytes: jcmd's class histogram runs a full GC first, so this is what the
# connections really hold, whatever pages the heap had touched before (which RSS cannot tell).
live_heap() {
    if [ "$1" = portico ] && [ -x "${JAVA%/java}/jcmd" ]; then
        "${JAVA%/java}/jcmd" "${PID[portico]}" GC.class_histogram 2>/dev/null | awk '/^Total/ {print $3}'
    fi
}
idle_pass() { # target label port count settle [--tls] [--h2]
    local t=$1 label=$2 port=$3 count=$4 settle=$5 heap_before before after="" heap_after="" secs="" client closed=""
    shift 5
    heap_before=$(live_heap "$t")
    before=$(rss_kib "${PID[$t]}")
    python3 "$here/load/idle_conns.py" "$port" "$count" --hold 180 --deadline 150 "$@" > "$work/idle-$label.out" 2>&1 &
    client=$!
    all_pids+=("$client")
    for _ in $(seq 1600); do   # at most 160 s
        grep -qE '^(ready|failed)' "$work/idle-$label.out" 2>/dev/null && break
        kill -0 "$client" 2>/dev/null || break
        sleep 0.1
    done
    if grep -q '^ready' "$work/idle-$label.out"; then
        sleep 2   # let the proxy settle (buffers handed back, threads parked)
        after=$(rss_kib "${PID[$t]}")
        heap_after=$(live_heap "$t")
        secs=$(awk '/^ready/ {sub(/s$/, "", $3); print $3}' "$work/idle-$label.out")
    else
        log "idle $label: $(cat "$work/idle-$label.out")"
    fi
    kill "$client" 2>/dev/null || true
    wait "$client" 2>/dev/null || true
    sleep 1   # the proxy sees the closes
    if [ -n "$after" ] && [ "$settle" -gt 0 ]; then
        sleep "$settle"   # does the memory the burst took come back?
        closed=$(rss_kib "${PID[$t]}")
        log "idle $label: RSS $closed KiB ${settle}s after the $count connections closed"
    fi
    if [ -n "$after" ]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$count" "$before" "$after" "$secs" "$heap_before" "$heap_after" "$closed" >> "$idle"
        log "idle $label: RSS $before → $after KiB over $count connections"
    fi
}
if [ "$IDLE" -gt 0 ]; then
    for t in "${targets[@]}"; do
        # HTTP/1.1 at every count, each on a freshly started proxy (the target is RSS growth from
        # a fresh start); the largest burst is also watched after it closes.
        for n in "${IDLE_COUNTS[@]}"; do
            restart_target "$t"
            settle=0
            [ "$n" -eq "$IDLE_MAX" ] && settle=$SETTLE
            idle_pass "$t" "$t" "${PORT_HTTP[$t]}" "$n" "$settle"
        done
        if [ -n "${PORT_HTTPS[$t]:-}" ]; then idle_pass "$t" "$t-tls" "${PORT_HTTPS[$t]}" "$IDLE" 0 --tls; fi
        if [ -n "${PORT_H2C[$t]:-}" ]; then idle_pass "$t" "$t-h2c" "${PORT_H2C[$t]}" "$IDLE" 0 --h2; fi
        if [ -n "${PORT_H2[$t]:-}" ]; then idle_pass "$t" "$t-h2" "${PORT_H2[$t]}" "$IDLE" 0 --h2 --tls; fi
    done
fi
cold="$work/cold.tsv"
printf 'try\tms\n' > "$cold"
if [ "$COLD" -gt 0 ]; then
    if [ -n "${PID[portico]:-}" ]; then
        kill "${PID[portico]}" 2>/dev/null || true
        wait "${PID[portico]}" 2>/dev/null || true
    fi
    for i in $(seq "$COLD"); do
        t0=$(date +%s%N)
        start portico-cold "${portico_cmd[@]}"
        ms=$(python3 "$here/load/first_200.py" "${PORT_HTTP[portico]}" "$t0" --deadline 60 || true)
        kill "${PID[portico-cold]}" 2>/dev/null || true
        wait "${PID[portico-cold]}" 2>/dev/null || true
        printf '%s\t%s\n' "$i" "$ms" >> "$cold"
        log "cold start $i: $ms ms to the first proxied 200"
    done
fi

# ---- the report -------------------------------------------------------------------------------
meta="$work/meta.txt"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), kernel $(uname -r)"
    echo "settings: duration ${DURATION}s, warm-up ${WARMUP}s, rounds $ROUNDS (medians)$([ "$FRESH" -eq 1 ] && echo ", fresh start of every proxy before each case"), proxy on core $PROXY_CPU, load tool (wrk -t1, h2load -t1, openssl s_time) and backend on core $LOAD_CPU"
    echo "nginx: $(nginx -v 2>&1 | sed 's/.*: //') (backend and proxy: 1 worker, upstream keepalive 512)"
    echo "haproxy: $(haproxy -v 2>/dev/null | head -1 | awk '{print $3}') (nbthread 1, http-reuse always)"
    echo "wrk: $(wrk -v 2>&1 | head -1 | awk '{print $2}'), h2load: $(h2load --version 2>&1 | head -1 | awk '{print $2}')"
    [ -n "$JAVA" ] && echo "portico: $JAVA @deploy/jvm.options -XX:ActiveProcessorCount=1 ($PORTICO_CACHE_NAME) ${PORTICO_JAVA_OPTS:-} ($("$JAVA" -version 2>&1 | head -1))"
} > "$meta"
cp "$runs" "$idle" "$cold" "$raw"/
python3 "$here/load/report.py" "$meta" "$runs" "$idle" "$cold" | tee "$results_dir/$stamp.md"
log "report: $results_dir/$stamp.md (raw output in $raw)"

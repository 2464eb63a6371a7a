#!/usr/bin/env bash
# Benchmark: five public pages of phoihop vs. nginx tuned as a site runs it, serving the same bytes
# as static files (open_file_cache; gzip_static serving them precompressed with gzip -9), in the
# same run, without and with `Accept-Encoding: gzip` (wrk, side by side; prints the ratios and the
# bytes each sends).
#
# Usage:  bash bench/pages.sh              (from any directory; run as root so missing tools can be installed)
# Knobs (environment):
#   DURATION=10s  CONNECTIONS=64  THREADS=2     wrk settings, identical for both servers
#   PORT=18080    NGINX_PORT=18081              listen ports on 127.0.0.1 (defaults move up if busy)
#   RUST_LOG=warn                               phoihop's log filter during the run
#   PROFILE=0                                   1: then profile phoihop serving the article with
#                                               gzip (perf record -F 499 -g) and print where its time goes
# Output: a Markdown table on stdout, also saved to bench/out/pages-<date>.md
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"

# The five pages: a name, and the address on phoihop (the demo's seed article, its programme and
# targets of 2021, the home page, and a ward's home).
PAGES=(
    "article /tin-tuc/hdnd-ubnd-uy-ban-mttq-viet-nam-quan-cau-giay-ky-ket-chuong-trinh-phoi-hop-cong-tac-nam-2021"
    "programme /chuong-trinh/2021"
    "targets /chi-tieu/2021"
    "home /"
    "ward /dv/phuong-nghia-do"
)
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
WARMUP_SECS=2
MAX_DURATION_SECS=300
HOST=127.0.0.1

die() { echo "pages.sh: $*" >&2; exit 1; }
# in_range VALUE MIN MAX: VALUE is a decimal integer within MIN..MAX
in_range() { [[ $1 =~ ^[0-9]{1,9}$ ]] && ((10#$1 >= $2 && 10#$1 <= $3)); }
log() { echo "pages.sh: $*" >&2; }

# --- validate the knobs (keeps every run bounded) ---------------------------
[[ $DURATION =~ ^([0-9]+)s?$ ]] || die "DURATION must be whole seconds, e.g. 10s (got '$DURATION')"
DURATION_SECS=$((10#${BASH_REMATCH[1]}))
((DURATION_SECS >= 1 && DURATION_SECS <= MAX_DURATION_SECS)) \
    || die "DURATION must be between 1s and ${MAX_DURATION_SECS}s (got '$DURATION')"
in_range "$CONNECTIONS" 1 10000 || die "CONNECTIONS must be 1..10000 (got '$CONNECTIONS')"
CONNECTIONS=$((10#$CONNECTIONS))
in_range "$THREADS" 1 "$CONNECTIONS" || die "THREADS must be 1..CONNECTIONS (got '$THREADS')"
THREADS=$((10#$THREADS))

# --- 1. tools ----------------------------------------------------------------
missing=()
[[ ${PROFILE:-0} != 1 ]] || command -v perf >/dev/null 2>&1 || die "PROFILE=1 needs perf (linux-perf)"
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
if ((${#missing[@]})); then
    log "installing missing tools: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y wrk nginx
fi
for tool in curl cargo wrk nginx; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required but not installed"
done

# --- ports --------------------------------------------------------------------
port_busy() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
# pick_port VAR DEFAULT: an explicit value must be free; the default moves up to the next free port.
pick_port() {
    local var=$1 default=$2 p
    if [[ -n ${!var:-} ]]; then
        p=${!var}
        in_range "$p" 1024 65535 || die "$var must be a port 1024..65535 (got '$p')"
        p=$((10#$p))
        port_busy "$p" && die "$var=$p is already in use on $HOST"
    else
        p=$default
        while port_busy "$p" || [[ $p == "${PORT:-}" ]]; do
            ((p++ < default + 100)) || die "no free port found in $default..$((default + 100)) for $var"
        done
    fi
    printf -v "$var" '%s' "$p"
}
pick_port PORT 18080
pick_port NGINX_PORT 18081
[[ $PORT != "$NGINX_PORT" ]] || die "PORT and NGINX_PORT must differ (both $PORT)"

# --- temp dir and cleanup ---------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/phoihop-bench.XXXXXX")
PHOIHOP_PID=
NGINX_CONF=$TMP/nginx/nginx.conf
NGINX_STARTED=

cleanup() {
    local rc=$?
    set +e
    if ((rc != 0)); then
        for f in "$TMP/phoihop.log" "$TMP/nginx/error.log"; do
            [[ -s $f ]] && { echo "--- last lines of $(basename "$f") ---" >&2; tail -n 20 "$f" >&2; }
        done
    fi
    if [[ -n $NGINX_STARTED ]]; then
        nginx -p "$TMP/nginx/" -c "$NGINX_CONF" -e "$TMP/nginx/error.log" -s stop 2>/dev/null \
            || { [[ -s $TMP/nginx/nginx.pid ]] && kill "$(cat "$TMP/nginx/nginx.pid")" 2>/dev/null; }
        # nginx -s stop only signals; wait (up to 5 s) for the master to go away before removing its files.
        for _ in $(seq 50); do [[ -e $TMP/nginx/nginx.pid ]] || break; sleep 0.1; done
    fi
    if [[ -n $PHOIHOP_PID ]] && kill -0 "$PHOIHOP_PID" 2>/dev/null; then
        kill "$PHOIHOP_PID" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$PHOIHOP_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$PHOIHOP_PID" 2>/dev/null
        wait "$PHOIHOP_PID" 2>/dev/null
    fi
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 2. build -------------------------------------------------------------------------
log "building the release binary (cargo build --release)"
cargo build --release >&2
BIN=${CARGO_TARGET_DIR:-$REPO/target}/release/phoihop
[[ -x $BIN ]] || die "no binary at $BIN after the build"

# --- 3. phoihop on a fresh SQLite database ----------------------------------------------
log "starting phoihop on $HOST:$PORT (log: phoihop.log in the temp dir)"
RUST_LOG=${RUST_LOG:-warn} "$BIN" serve --addr "$HOST:$PORT" --database "sqlite://$TMP/bench.db" \
    >"$TMP/phoihop.log" 2>&1 &
PHOIHOP_PID=$!

wait_http() { # wait_http NAME URL PID-CHECK-COMMAND...
    local name=$1 url=$2 deadline=$((SECONDS + 30))
    shift 2
    until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
        "$@" || die "$name exited before answering $url"
        ((SECONDS < deadline)) || die "$name did not answer $url within 30 s"
        sleep 0.2
    done
}
wait_http phoihop "http://$HOST:$PORT/healthz" kill -0 "$PHOIHOP_PID"

# --- 4. the pages, copied once for nginx, and gzipped as gzip_static wants them ------------
mkdir -p "$TMP/www"
fetch() { # fetch URL FILE: must be a plain 200 (no redirect)
    local code
    code=$(curl -sS --max-time 10 -o "$2" -w '%{http_code}' "$1") || die "could not fetch $1"
    [[ $code == 200 ]] || die "GET $1 answered HTTP $code, expected 200"
    [[ -s $2 ]] || die "GET $1 returned an empty body"
}
for page in "${PAGES[@]}"; do
    read -r name path <<<"$page"
    fetch "http://$HOST:$PORT$path" "$TMP/www/$name.html"
    gzip -9 -k -n "$TMP/www/$name.html"
done

# --- 5. nginx with its own config, everything under $TMP -------------------------------
mkdir -p "$TMP/nginx/tmp"
# nginx workers run as 'nobody' when started as root: let them read the document root.
chmod 755 "$TMP" "$TMP/www"
chmod 644 "$TMP"/www/*
cat >"$NGINX_CONF" <<EOF
# Written by bench/pages.sh; serves the copied pages as static files, as a site tunes nginx.
worker_processes auto;
daemon on;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;

events {
    worker_connections 4096;
}

http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    # wrk keeps its connections open; do not make nginx recycle them every 1000
    # requests (phoihop/hyper has no such limit).
    keepalive_requests 100000000;
    # The files' descriptors and sizes kept between requests, as a busy site keeps them.
    open_file_cache max=1000 inactive=60s;
    open_file_cache_valid 60s;
    open_file_cache_errors on;
    # The pages precompressed with gzip -9 beside them: the same bytes every time, no work.
    gzip_static on;
    gzip_vary on;

    client_body_temp_path $TMP/nginx/tmp/body;
    proxy_temp_path $TMP/nginx/tmp/proxy;
    fastcgi_temp_path $TMP/nginx/tmp/fastcgi;
    uwsgi_temp_path $TMP/nginx/tmp/uwsgi;
    scgi_temp_path $TMP/nginx/tmp/scgi;

    types {
        text/html html;
    }
    default_type text/html;
    charset utf-8;

    server {
        listen $HOST:$NGINX_PORT;
        root $TMP/www;
        location / {
        }
    }
}
EOF
log "starting nginx on $HOST:$NGINX_PORT (worker_processes auto)"
nginx -p "$TMP/nginx/" -c "$NGINX_CONF" -e "$TMP/nginx/error.log" -t -q \
    || die "nginx rejected the generated config $NGINX_CONF"
nginx -p "$TMP/nginx/" -c "$NGINX_CONF" -e "$TMP/nginx/error.log"
NGINX_STARTED=1
nginx_alive() { [[ -s $TMP/nginx/nginx.pid ]] && kill -0 "$(cat "$TMP/nginx/nginx.pid")" 2>/dev/null; }
wait_http nginx "http://$HOST:$NGINX_PORT/home.html" nginx_alive
for page in "${PAGES[@]}"; do
    read -r name path <<<"$page"
    fetch "http://$HOST:$NGINX_PORT/$name.html" "$TMP/nginx-copy.html"
    cmp -s "$TMP/www/$name.html" "$TMP/nginx-copy.html" \
        || die "nginx does not serve the same bytes as phoihop for $name"
done

# --- 6. wrk, same settings for both -------------------------------------------------------
# bytes URL [ENCODING]: the bytes of the body one answer sends, compressed when asked.
bytes() {
    curl -sS --max-time 10 ${2:+-H "Accept-Encoding: $2"} -o /dev/null -w '%{size_download}' "$1"
}
run_wrk() { # run_wrk SECONDS URL [HEADER] -> wrk's output on stdout
    timeout --kill-after=5 "$(($1 + 30))" \
        wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"$1s" --timeout 5s ${3:+-H "$3"} "$2"
}
declare -A RPS P50 P99 SOCKET_ERRORS BYTES
measure() { # measure KEY URL [ENCODING]
    local key=$1 url=$2 encoding=${3:-} header out errors
    header=${encoding:+Accept-Encoding: $encoding}
    BYTES[$key]=$(bytes "$url" "$encoding")
    run_wrk "$WARMUP_SECS" "$url" "$header" >/dev/null || die "wrk warm-up against $key failed"
    log "$key: wrk -t$THREADS -c$CONNECTIONS -d${DURATION_SECS}s --latency ${header:+-H '$header' }$url"
    out=$(run_wrk "$DURATION_SECS" "$url" "$header") || die "wrk against $key failed"
    RPS[$key]=$(awk '$1 == "Requests/sec:" { print $2 }' <<<"$out")
    P50[$key]=$(awk '$1 == "50%" { print $2 }' <<<"$out")
    P99[$key]=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    [[ -n ${RPS[$key]} && -n ${P50[$key]} && -n ${P99[$key]} ]] \
        || die "could not parse wrk's output for $key"
    # wrk counts failures separately: a server answering errors fast is no result;
    # socket errors (timeouts, resets) are reported under the table.
    errors=$(grep -E '^ *Non-2xx or 3xx responses:' <<<"$out" || true)
    [[ -z $errors ]] || die "$key: wrk got error statuses: $(tr -s ' \n' ' ' <<<"$errors")"
    SOCKET_ERRORS[$key]=$(awk '$1 == "Socket" && $2 == "errors:" { $1 = $2 = ""; sub(/^ +/, ""); print }' <<<"$out")
    kill -0 "$PHOIHOP_PID" 2>/dev/null || die "phoihop is no longer running (after the $key run)"
}
for encoding in "" gzip; do
    for page in "${PAGES[@]}"; do
        read -r name path <<<"$page"
        measure "phoihop $name $encoding" "http://$HOST:$PORT$path" "$encoding"
        measure "nginx $name $encoding" "http://$HOST:$NGINX_PORT/$name.html" "$encoding"
    done
done

# --- 7. report ----------------------------------------------------------------------------
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
mkdir -p "$REPO/bench/out"
OUT_FILE=$REPO/bench/out/pages-$(date +%Y-%m-%d-%H%M%S).md
{
    echo "# Public pages: phoihop vs. nginx tuned (static copies, open_file_cache, gzip_static)"
    echo
    echo "- date: $(date '+%Y-%m-%d %H:%M:%S %z')"
    echo "- machine: $(nproc) cores${CPU:+, $CPU}; wrk, phoihop and nginx share it"
    echo "- wrk: -t$THREADS -c$CONNECTIONS -d${DURATION_SECS}s --latency (after a ${WARMUP_SECS}s warm-up each)"
    echo
    echo "| page | Accept-Encoding | phoihop req/s | p99 | bytes | nginx req/s | p99 | bytes | ratio |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    for encoding in "" gzip; do
        for page in "${PAGES[@]}"; do
            read -r name path <<<"$page"
            p="phoihop $name $encoding" n="nginx $name $encoding"
            ratio=$(awk -v a="${RPS[$p]}" -v b="${RPS[$n]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
            echo "| $name (\`$path\`) | ${encoding:-none} | ${RPS[$p]} | ${P99[$p]} | ${BYTES[$p]} | ${RPS[$n]} | ${P99[$n]} | ${BYTES[$n]} | $ratio |"
        done
    done
    echo
    for key in "${!SOCKET_ERRORS[@]}"; do
        [[ -z ${SOCKET_ERRORS[$key]} ]] || printf '%s\n\n' "Warning: wrk saw socket errors against $key: ${SOCKET_ERRORS[$key]}"
    done
    echo "ratio: phoihop's requests/s over nginx's for the same page and encoding."
} | tee "$OUT_FILE"
log "saved to ${OUT_FILE#"$REPO"/}"

# --- 8. where phoihop's time goes (PROFILE=1) ---------------------------------------------
if [[ ${PROFILE:-0} == 1 ]]; then
    read -r _ path <<<"${PAGES[0]}"
    log "profiling phoihop serving $path with gzip under wrk (perf record -F 499 -g, ${DURATION_SECS}s)"
    run_wrk $((DURATION_SECS + 4)) "http://$HOST:$PORT$path" "Accept-Encoding: gzip" >/dev/null &
    WRK_PID=$!
    sleep 2
    perf record -q -F 499 -g -p "$PHOIHOP_PID" -o "$TMP/perf.data" -- sleep "$DURATION_SECS" >/dev/null 2>&1 \
        || die "perf record failed (is perf_event_paranoid too strict?)"
    wait "$WRK_PID" || die "wrk failed during the profile"
    {
        echo
        echo "## Where phoihop's time goes: the article with gzip under wrk"
        echo
        echo "perf record -F 499 -g for ${DURATION_SECS}s; self time by shared object and symbol, 1 % and over:"
        echo
        echo '```'
        perf report -i "$TMP/perf.data" --stdio --no-children --sort dso,symbol --percent-limit 1 -g none 2>/dev/null \
            | grep -v '^#' | grep -v '^$' | head -40
        echo '```'
    } | tee -a "$OUT_FILE"
fi

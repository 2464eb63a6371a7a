#!/usr/bin/env bash
# Benchmark: `phoihop import targets` of a valid CSV of ROWS rows (100,000 by default) into the demo
# database, with the release binary: parse, check every cell, and write every row with its
# change-log entry in one transaction.
#
# Usage:  bash bench/import.sh          (from any directory)
# Knobs (environment):
#   ROWS=100000        rows of the generated CSV
#   PORT=18090         port of the short-lived server that creates the demo database (127.0.0.1)
# Output: a Markdown line on stdout, also saved to bench/out/import-<date>.md
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"

ROWS=${ROWS:-100000}
PORT=${PORT:-18090}
HOST=127.0.0.1
die() { echo "import.sh: $*" >&2; exit 1; }
log() { echo "import.sh: $*" >&2; }
[[ $ROWS =~ ^[0-9]{1,7}$ ]] && ((ROWS >= 1)) || die "ROWS must be 1..9999999 (got '$ROWS')"
[[ $PORT =~ ^[0-9]{1,5}$ ]] || die "PORT must be a port number (got '$PORT')"
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"

log "building the release binary"
cargo build --release -q -p phoihop
BIN=${CARGO_TARGET_DIR:-$REPO/target}/release/phoihop
[[ -x $BIN ]] || die "no binary at $BIN"

TMP=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
DB="sqlite://$TMP/phoihop.db"

log "generating $ROWS rows"
CSV="$TMP/chi-tieu-$ROWS.csv"
awk -v rows="$ROWS" 'BEGIN {
    print "STT,Chỉ tiêu,Đơn vị tính,Chiều,Kế hoạch,Thực hiện,Ghi chú"
    split("Càng cao càng tốt|Càng thấp càng tốt|Đạt / không đạt|Thứ hạng", dir, "|")
    for (i = 1; i <= rows; i++) {
        d = dir[(i % 4) + 1]
        if (d == "Đạt / không đạt") { plan = "Có"; actual = (i % 3 ? "Có" : "Không") }
        else if (d == "Thứ hạng") { plan = "Thứ " (i % 5 + 1); actual = "Thứ " (i % 7 + 1) }
        else { plan = (i % 900) + 100; actual = "\"" (i % 1000) + 50 "," (i % 10) "\"" }
        printf "%d,Chỉ tiêu phát triển kinh tế - xã hội số %d của phường,%%,%s,%s,%s,ghi chú %d\n", i, i, d, plan, actual, i
    }
}' > "$CSV"
SIZE=$(du -h "$CSV" | cut -f1)

log "creating the demo database"
RUST_LOG=warn "$BIN" serve --addr "$HOST:$PORT" --database "$DB" >"$TMP/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    curl -fsS -o /dev/null --max-time 2 "http://$HOST:$PORT/healthz" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/serve.log" >&2; die "the server stopped"; }
    sleep 0.2
done
curl -fsS -o /dev/null "http://$HOST:$PORT/healthz" || die "the server did not answer"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=

log "importing"
START=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$TMP/rss" "$BIN" import targets --year 2021 --database "$DB" "$CSV" >"$TMP/import.out" \
    || { cat "$TMP/import.out" >&2; die "the import failed"; }
END=$(date +%s.%N)
SECONDS_TAKEN=$(awk -v a="$START" -v b="$END" 'BEGIN { printf "%.2f", b - a }')
RSS_MB=$(awk '{ printf "%.0f", $1 / 1024 }' "$TMP/rss")
COUNT=$(( $("$BIN" export targets --year 2021 --format csv --database "$DB" | wc -l) - 2 ))
((COUNT >= ROWS)) || die "expected at least $ROWS targets after the import, found $COUNT"
"$BIN" verify --database "$DB" >/dev/null || die "the change log does not verify after the import"

mkdir -p bench/out
OUT="bench/out/import-$(date +%Y-%m-%d-%H%M%S).md"
{
    echo "| rows | file | total | peak memory | phoihop's own account |"
    echo "|---:|---:|---:|---:|---|"
    echo "| $ROWS | $SIZE | ${SECONDS_TAKEN} s | ${RSS_MB} MB | $(tr -d '\n' < "$TMP/import.out") |"
} | tee "$OUT"

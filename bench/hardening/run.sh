#!/usr/bin/env bash
# The hardening harness: kill -9 cycles under write load on SQLite and PostgreSQL, a parallel
# sign-in burst with the latency of other pages during it, visitors' pages from a streaming replica,
# eight 40-megapixel uploads at once, twenty set-up forms at once, and a memory soak.
# Usage: bench/hardening/run.sh   (knobs: CYCLES=20 SOAK_SECONDS=600, DATABASE_URL for PostgreSQL,
# REPLICA_URL for the standby that .ci/pg-replica makes, ONLY=burst,uploads,setup for some sections).
# The report is printed and saved as bench/hardening/results/hardening.md, or, with ONLY, as
# bench/hardening/results/hardening-{sections}.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
export REPLICA_URL="${REPLICA_URL:-$("$repo/.ci/pg-replica" 5433)}"
(cd "$repo" && cargo build --release --quiet --bin phoihop)
mkdir -p "$here/results"
report="$here/results/hardening${ONLY:+-${ONLY//,/-}}.md"
PHOIHOP="$repo/target/release/phoihop" python3 "$here/harness.py" | tee "$report"

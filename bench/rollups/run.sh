#!/usr/bin/env bash
# The national-size roll-up benchmark: a province's roll-up over its 126 communes and the national
# roll-up over 3,321, computed (empty page cache) and served, and a commune's edit to the province's
# page, on SQLite and PostgreSQL.
# Usage: bench/rollups/run.sh   (knobs: see src/main.rs; needs wrk, installed with apt when missing)
# The report is printed and saved as bench/rollups/results/rollups.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if ! command -v wrk >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null
fi
(cd "$repo" && cargo build --release --quiet --bin phoihop)
cd "$here"
cargo build --release --quiet
target="${CARGO_TARGET_DIR:-$here/target}"
mkdir -p results
PHOIHOP="${CARGO_TARGET_DIR:-$repo/target}/release/phoihop" "$target/release/rollups-bench" | tee results/rollups.md

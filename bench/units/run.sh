#!/usr/bin/env bash
# The many-units benchmark: one ward's article page and search, and the province's search over its
# wards, on an installation of 126 wards,
# with writes in the others, against a one-ward installation, on SQLite and PostgreSQL.
# Usage: bench/units/run.sh   (knobs: see src/main.rs; needs wrk, installed with apt when missing)
# The report is printed and saved as bench/units/results/units.md.
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
PHOIHOP="${CARGO_TARGET_DIR:-$repo/target}/release/phoihop" "$target/release/units-bench" | tee results/units.md

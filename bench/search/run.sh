#!/usr/bin/env bash
# The search benchmark: phoihop's index against SQLite FTS5 on a generated Vietnamese corpus.
# Usage: bench/search/run.sh [DOCS ...]   (default: 100000)
# Each report is printed and saved as bench/search/results/DOCS.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
cargo build --release --quiet
target="${CARGO_TARGET_DIR:-$here/target}"
mkdir -p results
for docs in "${@:-100000}"; do
    dir="$(mktemp -d)"
    "$target/release/search-bench" --docs "$docs" --rounds 20 --dir "$dir" | tee "results/$docs.md"
    rm -rf "$dir"
done

#!/usr/bin/env bash
# Times `spp report` end to end (open the store, load every current lot record, compute all
# indicators, render) on a store filled by the ingest bench, with hyperfine.
#
#   cargo build --release -p spp-ingest --bins -p spp
#   target/release/spp-ingest-bench 100000 sqlite      # writes /tmp/spp-bench/bench-100000.sqlite
#   scripts/bench-report.sh [DB_URL] [RUNS]
#
# Needs hyperfine (Debian: apt-get install hyperfine). Figures: docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-sqlite:/tmp/spp-bench/bench-100000.sqlite}
runs=${2:-10}
spp=${CARGO_TARGET_DIR:-target}/release/spp
[ -x "$spp" ] || { echo "build first: cargo build --release -p spp" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is not installed" >&2; exit 2; }
hyperfine --warmup 1 --runs "$runs" --style basic \
  -n "table" "$spp report --db $db" \
  -n "json" "$spp report --db $db --format json" \
  -n "by country" "$spp report --db $db --by country --format json" \
  -n "one country, 2024" "$spp report --db $db --country BEL --from 2024-01-01 --to 2024-12-31" \
  -n "html (three groupings)" "$spp report --db $db --format html --out ${TMPDIR:-/tmp}/spp-bench-report.html"

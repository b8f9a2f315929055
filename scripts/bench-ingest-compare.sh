#!/usr/bin/env bash
# Ingest speed side by side, in one run, on the same real notices (docs/PERFORMANCE.md):
# `spp ingest` into a fresh SQLite store with all indexes, the Python lxml + sqlite3 baseline
# (scripts/baseline_ingest.py, one worker per core and with one worker), and a bare quick-xml
# token pass over the same files (spp-token-pass). Each is run ROUNDS times (default 3);
# the load average is printed before each round.
# Usage: scripts/bench-ingest-compare.sh [CORPUS_DIR] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$here/../shared/corpus}"
rounds="${2:-3}"
[ -d "$corpus/eforms" ] || corpus="$here/../../shared/corpus"
inputs=("$corpus/eforms" "$corpus/ted-xml")
work="${SPP_BENCH_DIR:-/tmp/spp-bench}/compare"
mkdir -p "$work"
python3 -c 'import lxml' 2>/dev/null || pip install --quiet lxml
(cd "$here" && cargo build --release -q -p spp -p spp-ingest --bin spp --bin spp-token-pass)
spp="$here/target/release/spp"
echo "inputs: ${inputs[*]} ($(find "${inputs[@]}" -name '*.xml' | wc -l) files, $(du -shc "${inputs[@]}" | tail -1 | cut -f1))"
for round in $(seq "$rounds"); do
  echo "round $round; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$here/target/release/spp-token-pass" "${inputs[@]}"
  rm -f "$work"/spp.sqlite*
  start=$(date +%s.%N)
  "$spp" ingest --db "sqlite:$work/spp.sqlite" "${inputs[@]}" >/dev/null
  end=$(date +%s.%N)
  echo "spp ingest: $(echo "$end - $start" | bc) s"
  rm -f "$work"/py.sqlite*
  python3 "$here/scripts/baseline_ingest.py" "$work/py.sqlite" "${inputs[@]}"
  rm -f "$work"/py1.sqlite*
  python3 "$here/scripts/baseline_ingest.py" "$work/py1.sqlite" "${inputs[@]}" --jobs 1
done
rm -f "$work"/*.sqlite*

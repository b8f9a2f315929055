#!/usr/bin/env bash
# Export and OCDS import on N synthetic notices (default 100000): time and peak RSS
# (/usr/bin/time -v) of `spp export --format ocds --jsonl`, `spp export --format parquet` and
# `spp ingest` of the exported JSON Lines into a fresh database. Everything lives under
# $WORK (default /tmp/spp-bench-export) and is deleted at the end. Figures: docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
WORK="${WORK:-/tmp/spp-bench-export}"
TEMPLATES="${TEMPLATES:-../shared/corpus/eforms}"
[ -d "$TEMPLATES" ] || TEMPLATES=../../shared/corpus/eforms
cargo build --release -q -p spp -p spp-ingest --bins
rm -rf "$WORK" && mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
measure() { # name, command…
  local name=$1; shift
  /usr/bin/time -v "$@" 2> "$WORK/$name.time" > /dev/null || { cat "$WORK/$name.time"; exit 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$WORK/$name.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$WORK/$name.time" | awk '{print $NF}')
  printf '%-22s wall %8s  peak RSS %6d MB\n' "$name" "$wall" $((rss / 1024))
}
target/release/spp-synth "$TEMPLATES" "$WORK/corpus.tar.gz" "$N" 1 > /dev/null
measure "ingest eForms (setup)" target/release/spp ingest "$WORK/corpus.tar.gz" --db "sqlite:$WORK/db.sqlite"
rm -f "$WORK/corpus.tar.gz"
measure "export ocds jsonl" target/release/spp export --format ocds --jsonl --db "sqlite:$WORK/db.sqlite" --output "$WORK/out.jsonl"
measure "export ocds package" target/release/spp export --format ocds --db "sqlite:$WORK/db.sqlite" --output "$WORK/out.json"
measure "export parquet" target/release/spp export --format parquet --db "sqlite:$WORK/db.sqlite" --output "$WORK/parquet"
measure "import ocds jsonl" target/release/spp ingest "$WORK/out.jsonl" --db "sqlite:$WORK/back.sqlite"
measure "import ocds package" target/release/spp ingest "$WORK/out.json" --db "sqlite:$WORK/back2.sqlite"
ls -l "$WORK/out.jsonl" "$WORK/out.json" | awk '{printf "%s %d MB\n", $NF, $5/1048576}'
du -sm "$WORK/parquet" | awk '{printf "parquet %d MB\n", $1}'

#!/usr/bin/env bash
# The server under load, on loopback: `spp serve` over an existing store, then
#   1. per page and filter, RUNS sequential requests (curl), p50 / p95 / max in ms;
#   2. wrk (2 threads, 8 connections, DURATION) against the dashboard, with its latency
#      distribution and error counts;
#   3. the server's peak memory (VmHWM) after all of it.
# Usage: scripts/bench-serve.sh DB_URL [RUNS] [DURATION]
#   e.g. scripts/bench-serve.sh sqlite:/tmp/spp-cube-bench/cube.sqlite 50 60s
# Needs a release build (`cargo build --release -p spp`), curl and wrk (Debian's `wrk`).
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:?usage: bench-serve.sh DB_URL [RUNS] [DURATION]}"
runs="${2:-50}"
duration="${3:-60s}"
bin=target/release/spp
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"

"$bin" serve --db "$db" --addr "127.0.0.1:$port" >/tmp/spp-bench-serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null --max-time 2 "$base/healthz" 2>/dev/null && break
  sleep 0.5
done

# The first request of each page reads the views it needs from the database; it is timed
# apart from the runs.
timed() { # name path
  local first
  first=$(curl -fsS -o /dev/null --max-time 120 -w '%{time_total}' "$base$2")
  for _ in $(seq 1 "$runs"); do
    curl -fsS -o /dev/null --max-time 30 -w '%{time_total}\n' "$base$2"
  done >/tmp/spp-bench-serve.times
  python3 -c '
import math, sys
name, first = sys.argv[1], float(sys.argv[2])
ms = sorted(float(t) * 1000 for t in open("/tmp/spp-bench-serve.times").read().split())
at = lambda p: ms[max(1, math.ceil(len(ms) * p)) - 1]
print(f"| {name} | {first*1000:.0f} | {at(0.5):.1f} | {at(0.95):.1f} | {ms[-1]:.1f} |")
' "$1" "$first"
}

echo "| page, filter | first request (ms) | p50 (ms) | p95 (ms) | max (ms) |"
echo "|---|---|---|---|---|"
for page in "/?lang=nl" "/api/v1/indicators?"; do
  for filter in "" "year_from=2023&year_to=2024" "country=BEL" "nuts=BE2" \
    "product_group=vehicles" "procedure_type=open" "cpv_division=45"; do
    sep="&"; [ "${page: -1}" = "?" ] && sep=""
    timed "\`$page$sep$filter\`" "$page$sep$filter"
  done
done

echo
echo "wrk -t2 -c8 -d$duration --latency $base/?lang=nl"
wrk -t2 -c8 -d"$duration" --latency "$base/?lang=nl"
echo
grep -E 'VmHWM|VmRSS' "/proc/$pid/status"

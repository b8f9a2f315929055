#!/usr/bin/env bash
# Runs every test of spp on this machine: installs what the tests use (Chromium and
# chromedriver for the HTML report and the web pages, xmllint for XSD validation), makes sure PostgreSQL is up, then formatting, lints and
# the whole test suite against SQLite files and the real PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Python packages of the export tests: jsonschema (OCDS validation), duckdb (Parquet read-back).
for module in jsonschema duckdb; do
  python3 -c "import $module" 2>/dev/null || { echo "test.sh: installing $module"; python3 -m pip install -q "$module"; }
done

export SPP_TEST_POSTGRES_URL="${SPP_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if [ -d /etc/postgresql ]; then
    echo "test.sh: starting PostgreSQL"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
fi
pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null \
  || echo "test.sh: PostgreSQL is not reachable; its tests will say they are skipped"

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo test --workspace

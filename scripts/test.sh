#!/usr/bin/env bash
# Runs every test: installs and builds (scripts/setup.sh), starts the private
# PostgreSQL cluster (scripts/pg.sh) so the storage suite runs on both back
# ends, then
#   1. all C++ tests (unit, data-driven standard cases, storage, app) on the
#      release build,
#   2. the same tests built with AddressSanitizer + UndefinedBehaviorSanitizer,
#   3. the browser test: the demo served by the real binary, driven in
#      Debian's headless Chromium with playwright-core.
# Exits non-zero on any failure. JIAODU_SKIP_ASAN=1 / JIAODU_SKIP_BROWSER=1
# skip a stage (for quick local runs; CI runs all three).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

step() { printf '\n\033[1;34m[jiaodu test]\033[0m %s\n' "$*"; }

step "PostgreSQL for the storage suite (scripts/pg.sh, 127.0.0.1:5433)"
scripts/pg.sh start >/dev/null
JIAODU_TEST_PG_URL=$(scripts/pg.sh url)
export JIAODU_TEST_PG_URL

step "1/3 C++ tests (release)"
ctest --preset release

if [ "${JIAODU_SKIP_ASAN:-0}" != "1" ]; then
  step "2/3 C++ tests under ASan + UBSan"
  cmake --preset asan >/dev/null
  cmake --build --preset asan
  ctest --preset asan
fi

if [ "${JIAODU_SKIP_BROWSER:-0}" != "1" ]; then
  step "3/3 browser test (headless Chromium)"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  tests/browser/run.sh "$PWD/build/release/src/jiaodu/cli/jiaodu"
fi
step "all tests passed"

#!/usr/bin/env bash
# Browser test of the web UI against the real server with the demo city.
#
#   tests/browser/run.sh <path-to-jiaodu-binary>
#
# Builds web/dist if missing, installs playwright-core (npm ci) if missing,
# creates the demo database in a temp dir, starts `jiaodu serve` on port
# 18080 (JIAODU_TEST_PORT), runs ui.test.mjs, fitness.test.mjs, plans.test.mjs, tasks.test.mjs, rotation.test.mjs, planning.test.mjs and school_eval.test.mjs (then, with accounts, login.test.mjs and review.test.mjs) with
# Debian's /usr/bin/chromium and always stops the server. Screenshots are
# kept in a temp folder whose path is printed (or in $SHOT_DIR). Exits
# non-zero on any failure.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 <path-to-jiaodu-binary>" >&2
  exit 2
fi
BIN=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PORT=${JIAODU_TEST_PORT:-18080}
BASE="http://127.0.0.1:$PORT"

[ -x "$BIN" ] || { echo "not an executable: $BIN" >&2; exit 2; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "Chromium not found at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)" >&2; exit 2; }

if [ ! -f "$REPO/web/dist/index.html" ]; then
  echo "== building web/dist"
  (cd "$REPO/web" && (npm ci --no-audit --no-fund --loglevel=silent 2>/dev/null || npm install --no-save --no-audit --no-fund) && npm run build)
fi
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  echo "== installing playwright-core"
  (cd "$HERE" && npm ci --no-audit --no-fund)
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/jiaodu-ui-test.XXXXXX")
export SHOT_DIR=${SHOT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/jiaodu-ui-shots.XXXXXX")}
SERVER_PID=""
cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  if [ $rc -ne 0 ] && [ -f "$TMP/server.log" ]; then
    echo "== server log (last 40 lines)" >&2
    tail -n 40 "$TMP/server.log" >&2 || true
  fi
  rm -rf "$TMP"
  exit $rc
}
trap cleanup EXIT INT TERM

echo "== demo database"
"$BIN" demo --db "$TMP/demo.db" > "$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; exit 1; }

echo "== starting $BIN serve on port $PORT"
"$BIN" serve --db "$TMP/demo.db" --port "$PORT" --web "$REPO/web/dist" > "$TMP/server.log" 2>&1 &
SERVER_PID=$!

ready=""
deadline=$((SECONDS + 30))
while [ $SECONDS -lt $deadline ]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "server exited early" >&2
    exit 1
  fi
  if node -e "fetch('$BASE/api/meta').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))" 2>/dev/null; then
    ready=1
    break
  fi
  sleep 0.1
done
[ -n "$ready" ] || { echo "GET $BASE/api/meta did not answer within 30 s" >&2; exit 1; }

echo "== browser test against $BASE (screenshots: $SHOT_DIR)"
cd "$HERE"
# One file after the other (they share the server and its data); both run
# even when the first fails.
rc=0
for t in ui.test.mjs fitness.test.mjs plans.test.mjs tasks.test.mjs rotation.test.mjs quality.test.mjs planning.test.mjs school_eval.test.mjs; do
  echo "== $t"
  BASE_URL="$BASE" node --test "$t" || rc=1
done
# Last, login (docs/access.md A14): the first account turns login on for the
# running server, so every test above ran in single-user mode.
# The review chain's school, picked while reads need no session: a primary school of the latest
# year (review.test.mjs below).
read -r REVIEW_YEAR REVIEW_SCHOOL REVIEW_COUNTY < <(node -e "(async () => {
  const m = await (await fetch('$BASE/api/meta')).json();
  const r = await (await fetch('$BASE/api/review/' + m.latest_year)).json();
  const s = r.schools.find((x) => x.state === 'draft' && x.school.type === 'primary');
  console.log(m.latest_year, s.school.code, s.school.county);
})()")
echo "== login.test.mjs"
LOGIN_PASSWORD=$("$BIN" user add zhang --role city --name 张科长 --db "$TMP/demo.db" | sed -n 3p | tr -d ' ')
ADMIN_PASSWORD=$("$BIN" user add admin --role admin --name 系统管理员 --db "$TMP/demo.db" | sed -n 3p | tr -d ' ')
BASE_URL="$BASE" LOGIN_USER=zhang LOGIN_PASSWORD="$LOGIN_PASSWORD" ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  node --test login.test.mjs || rc=1
# The review chain (填报审核): the four accounts of one school's chain, each with its initial
# password (the test changes them at the first login).
echo "== review.test.mjs"
review_env=(BASE_URL="$BASE" REVIEW_YEAR="$REVIEW_YEAR" REVIEW_SCHOOL="$REVIEW_SCHOOL")
add_review_user() {
  local login=$1; shift
  review_env+=("REVIEW_PASSWORD_$login=$("$BIN" user add "$login" "$@" --db "$TMP/demo.db" | sed -n 3p | tr -d ' ')")
}
add_review_user rv_clerk --role clerk --name 填报员 --school "$REVIEW_SCHOOL"
add_review_user rv_reviewer --role school_reviewer --name 审核人 --school "$REVIEW_SCHOOL"
add_review_user rv_county --role county --name 县局审核 --county "$REVIEW_COUNTY"
add_review_user rv_city --role city --name 市局审核
env "${review_env[@]}" node --test review.test.mjs || rc=1
exit $rc

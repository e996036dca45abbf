#!/usr/bin/env bash
# One command for a new user: install, build, create the demo city (6
# counties, ~400 schools, 2 academic years), evaluate it and serve it on
# http://127.0.0.1:8080 (Ctrl+C stops).
#
# Environment: JIAODU_DB (default var/demo.db; kept between runs — delete it
# or pass --force to `jiaodu demo` to regenerate), JIAODU_PORT (8080),
# JIAODU_HOST (127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
BIN=build/release/src/jiaodu/cli/jiaodu
DB=${JIAODU_DB:-var/demo.db}
mkdir -p "$(dirname "$DB")"
if [ ! -f "$DB" ]; then
  "$BIN" demo --db "$DB"
else
  echo "[jiaodu] 使用已有数据库 $DB（删除该文件即可重新生成示范数据）"
  "$BIN" evaluate --db "$DB"
fi
exec "$BIN" serve --db "$DB" --host "${JIAODU_HOST:-127.0.0.1}" --port "${JIAODU_PORT:-8080}"

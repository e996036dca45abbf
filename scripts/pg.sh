#!/usr/bin/env bash
# A private PostgreSQL 15 cluster (Debian's postgresql-15 binaries) for the
# PostgreSQL storage tests and local runs, on 127.0.0.1:5433 so it never
# collides with a system cluster on 5432 (docs/postgres.md).
#
#   scripts/pg.sh start   initialise (first time), start, create role and database
#                         "jiaodu", wait until ready, print the URL
#   scripts/pg.sh stop    stop the cluster (data kept)
#   scripts/pg.sh url     print the URL (for JIAODU_TEST_PG_URL or --pg)
#   scripts/pg.sh status  is it running
#
# Every command is idempotent. PostgreSQL refuses to run as root, so as root
# the cluster belongs to the `postgres` system user (created by the Debian
# package) and lives in /var/tmp/jiaodu-pg; as any other user it lives in
# .pg/ of this checkout (git-ignored).
#
# Environment: JIAODU_PG_PORT (5433), JIAODU_PG_DIR (the folder above).
#
# Access: the superuser only through a unix socket in the cluster's own
# folder (mode 0700: only the owner can reach it); the role "jiaodu" over
# TCP on 127.0.0.1 with a random password made at initialisation (scram),
# so other users of a shared machine cannot use the cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${JIAODU_PG_PORT:-5433}
BIN=/usr/lib/postgresql/15/bin
if [ "$(id -u)" -eq 0 ]; then
  BASE=${JIAODU_PG_DIR:-/var/tmp/jiaodu-pg}
  OWNER=postgres
else
  BASE=${JIAODU_PG_DIR:-$PWD/.pg}
  OWNER=$(id -un)
fi
DATA=$BASE/data
SOCK=$BASE/run
LOG=$BASE/postgresql.log
PASSWORD_FILE=$BASE/jiaodu.password

log() { printf '\033[1;34m[jiaodu pg]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[jiaodu pg]\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -un)" = "$OWNER" ]; then "$@"; else runuser -u "$OWNER" -- "$@"; fi
}

url() {
  [ -f "$PASSWORD_FILE" ] || die "集群尚未初始化，请先运行 scripts/pg.sh start / not initialised: run scripts/pg.sh start"
  printf 'postgresql://jiaodu:%s@127.0.0.1:%s/jiaodu\n' "$(cat "$PASSWORD_FILE")" "$PORT"
}

running() { [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

psql_admin() { as_owner "$BIN/psql" -h "$SOCK" -p "$PORT" -U "$OWNER" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

start() {
  [ -x "$BIN/initdb" ] || die "找不到 $BIN/initdb：请安装 postgresql（scripts/setup.sh）/ install the postgresql package"
  if [ "$OWNER" = postgres ] && ! id postgres >/dev/null 2>&1; then
    die "没有 postgres 系统用户 / no postgres system user: install the postgresql package"
  fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "初始化集群 / initialising $DATA"
    mkdir -p "$BASE"
    chmod 0700 "$BASE"
    if [ "$(id -u)" -eq 0 ]; then chown "$OWNER:" "$BASE"; fi
    # 32 hex digits: nothing to escape in a URL. Readable by whoever runs
    # this script (root or the owner), not by other users.
    if [ ! -f "$PASSWORD_FILE" ]; then
      (umask 077 && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$PASSWORD_FILE")
    fi
    as_owner mkdir -p "$SOCK"
    as_owner "$BIN/initdb" -D "$DATA" -U "$OWNER" --encoding=UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    as_owner tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# scripts/pg.sh
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCK'
unix_socket_permissions = 0700
timezone = 'UTC'
EOF
  fi
  if running; then
    log "已在运行 / already running on port $PORT"
  else
    log "启动 / starting on 127.0.0.1:$PORT"
    as_owner mkdir -p "$SOCK"
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null ||
      die "启动失败，见 $LOG / failed to start, see $LOG"
  fi
  # -w waits for the postmaster; wait for connections too (recovery after a crash).
  for _ in $(seq 1 60); do
    if as_owner "$BIN/pg_isready" -h "$SOCK" -p "$PORT" -q; then break; fi
    sleep 1
  done
  as_owner "$BIN/pg_isready" -h "$SOCK" -p "$PORT" -q || die "数据库未就绪 / not ready, see $LOG"
  local password
  password=$(cat "$PASSWORD_FILE")
  if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'jiaodu'")" != 1 ]; then
    psql_admin -c "CREATE ROLE jiaodu LOGIN PASSWORD '$password'"
  fi
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'jiaodu'")" != 1 ]; then
    psql_admin -c "CREATE DATABASE jiaodu OWNER jiaodu ENCODING 'UTF8' TEMPLATE template0"
  fi
  url
}

stop() {
  if running; then
    log "停止 / stopping"
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
  else
    log "未在运行 / not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  status) if running; then echo running; else echo stopped; exit 3; fi ;;
  *) die "用法 / usage: scripts/pg.sh start|stop|url|status" ;;
esac

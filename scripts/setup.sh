#!/usr/bin/env bash
# Installs what jiaodu needs on Debian 12 (apt + npm) and builds the back end
# (CMake "release" preset) and the web front end (web/dist). Idempotent: a
# second run installs nothing and rebuilds only what changed.
#
# Environment: JIAODU_SKIP_APT=1 skips the package step (no root needed).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1;34m[jiaodu]\033[0m %s\n' "$*"; }

# Runtime and build dependencies (Debian 12 package names; see
# docs/architecture.md for what each is for).
PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libcpp-httplib-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libspdlog-dev libfmt-dev
  libcli11-dev libexpected-dev libtomlplusplus-dev libicu-dev libssl-dev
  libzip-dev zipcmp zipmerge ziptool libexpat1-dev libxlsxwriter-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libcairo2-dev libpango1.0-dev fonts-noto-cjk poppler-utils
  chromium python3 python3-pandas python3-openpyxl
  coinor-libcbc-dev libsodium-dev
  postgresql libpqxx-dev
)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ "${JIAODU_SKIP_APT:-0}" != "1" ]; then
  missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # Node.js: Debian's nodejs + npm unless a node is already there.
  if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
  if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "安装系统软件包 / installing packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

log "构建后端 / building the back end (cmake --preset release)"
cmake --preset release >/dev/null
cmake --build --preset release

log "构建前端 / building the web front end (web/dist)"
cd web
# npm ci only when the lock file changed since the last install.
stamp=node_modules/.jiaodu-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  # npm ci refuses (npm 10+) when a registry mirror lacks the optional
  # native packages of other platforms (@rollup/rollup-darwin-*, ...): the
  # lock file then has no entries for them. npm install honours the same
  # lock file and exact versions and skips what the platform does not need;
  # --no-save keeps it from writing those platforms' entries into
  # package-lock.json (measured: without it the file changes).
  npm ci --no-audit --no-fund --loglevel=silent 2>/dev/null || npm install --no-save --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
npm run build --silent
log "完成 / done"

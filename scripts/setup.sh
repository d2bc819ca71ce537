#!/usr/bin/env bash
# Brings a fresh clone to a runnable state: dependencies, Postgres and Redis, Kafka, build, topics.
# Every step is idempotent, so `npm start` and `npm test` both begin here.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
started=$SECONDS

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing npm dependencies"
  npm ci --no-audit --no-fund
fi

# Installs Debian packages (no recommends), updating the package lists once if they are stale.
apt_install() {
  local sudo=()
  [[ "$(id -u)" == "0" ]] || sudo=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 \
    || { "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@"; }
}

if [[ "${WITH_BROWSER:-0}" == "1" ]] && ! command -v chromium >/dev/null 2>&1; then
  log "installing Debian's chromium for the browser tests"
  apt_install chromium
fi
# The deploy checks (deploy/check.sh): promtool and docker-compose from Debian.
if [[ "${WITH_DEPLOY_TOOLS:-0}" == "1" ]]; then
  missing=()
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  if ((${#missing[@]} > 0)); then
    log "installing ${missing[*]} for the deploy checks"
    apt_install "${missing[@]}"
  fi
fi

# promtool (Debian's prometheus package) checks the services' /metrics output in the tests.
if ! command -v promtool >/dev/null 2>&1; then
  log "installing Debian's prometheus for promtool"
  if [[ "$(id -u)" == "0" ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; }
  else
    sudo apt-get install -y -qq --no-install-recommends prometheus
  fi
fi

# The edge in front of the app and the services: Debian's nginx, run by infra/edge/start under .run/
# (never as the system service).
if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
  log "installing Debian's nginx for the edge"
  apt_install nginx
fi

bash infra/db/ensure-services.sh
toolchain_report
bash infra/kafka/start

log "building"
npm run --silent build:services
# The app with development sign-in (dist/apps/web-dev), for the edge of `npm start` and the browser
# tests; `npm run build` makes the production one (dist/apps/web, OpenID sign-in only).
npm run --silent build:web:dev

load_dev_env
log "creating Kafka topics"
node dist/tools/create-topics.js
log "set-up done in $((SECONDS - started))s"

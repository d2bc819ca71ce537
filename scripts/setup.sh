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

if [[ "${WITH_BROWSER:-0}" == "1" ]] && ! command -v chromium >/dev/null 2>&1; then
  log "installing Debian's chromium for the browser tests"
  if [[ "$(id -u)" == "0" ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
  else
    sudo apt-get install -y -qq chromium
  fi
fi

# The edge in front of the app and the services: Debian's nginx (not started as a system service).
if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
  log "installing Debian's nginx for the edge"
  if [[ "$(id -u)" == "0" ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }
  else
    sudo apt-get install -y -qq nginx
  fi
fi

bash infra/db/ensure-services.sh
bash infra/kafka/start

log "building"
npm run --silent build

load_dev_env
log "creating Kafka topics"
node -r ./tools/register-aliases.js dist/tools/create-topics.js
log "set-up done in $((SECONDS - started))s"

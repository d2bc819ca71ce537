#!/usr/bin/env bash
# `npm run migrate`: creates each service's database role and schema (idempotent), then applies
# every service's pending migrations as that role, against $DATABASE_URL (an administrator's URL;
# scripts/dev.env by default). Production runs the same two steps as the Helm chart's hook Jobs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
load_dev_env
[[ -f dist/tools/db-bootstrap.js ]] || npm run --silent build
migrate_services

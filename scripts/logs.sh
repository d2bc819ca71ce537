#!/usr/bin/env bash
# `npm run logs`: follows the logs of the services (and the demo) that `npm start` runs, across
# rotations; `npm run logs -- scoring-service` follows one.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
shopt -s nullglob
files=()
if (($# > 0)); then
  for name in "$@"; do files+=("$RUN_DIR/logs/$name.log"); done
else
  files=("$RUN_DIR"/logs/*.log)
fi
((${#files[@]} > 0)) || { log "no logs in $RUN_DIR/logs yet (npm start writes them)"; exit 1; }
exec tail -n 20 -F "${files[@]}"

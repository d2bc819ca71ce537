#!/usr/bin/env bash
# `npm start`: set-up, then the services, the edge (nginx on :8080) and the demo tenant's live
# activity, in the background.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh
load_dev_env
mkdir -p "$RUN_DIR/logs"
start_services "$RUN_DIR" PORTS
log "waiting for the services to be ready"
wait_services_ready "$RUN_DIR" PORTS

log "starting the edge on :8080"
bash infra/edge/start

stop_pidfile "$RUN_DIR/demo.pid"
nohup node -r ./tools/register-aliases.js dist/tools/demo.js \
  > >(exec nohup node tools/rotate-log.js "$RUN_DIR/logs/demo.log" >/dev/null 2>>"$RUN_DIR/logs/rotate-log.errors") 2>&1 &
echo $! >"$RUN_DIR/demo.pid"

viewer="$(node tools/token.js --tenant demo --sub demo-admin --roles admin,coach)"
cat <<INFO

  Open http://localhost:8080/

Advocacy Engine is running (demo tenant "demo", simulated employees share and click continuously).
  web app          http://localhost:8080/   (the edge: app, /api/v1/…, /l/…, streams, /oidc/)
  content          http://127.0.0.1:3001/docs
  share-tracking   http://127.0.0.1:3002/docs      public redirect: http://127.0.0.1:3002/l/<code>
  scoring          http://127.0.0.1:3003/docs
  leaderboard      http://127.0.0.1:3004/docs
  live widget      http://127.0.0.1:3004/widget?scope=global&period=week&token=$viewer
  coach console    http://127.0.0.1:3005/console?token=$viewer
  metrics          http://127.0.0.1:300[1-5]/metrics
Logs (rotated at 10 MB) in .run/logs/: npm run logs. A token: npm run token -- --tenant demo --sub alice --roles employee
Stop everything: npm stop
INFO

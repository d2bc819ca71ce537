#!/usr/bin/env bash
# `npm start`: set-up, then the development mail server, the six services and the demo tenant's live activity, in the background.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh
load_dev_env
mkdir -p "$RUN_DIR/logs"
start_identity_dev "$RUN_DIR"
start_mail_dev "$RUN_DIR" "${SMTP_PORT:-1025}" "${MAILDEV_HTTP_PORT:-3008}"
start_services "$RUN_DIR" PORTS
log "waiting for the services to be ready"
wait_services_ready "$RUN_DIR" PORTS

stop_pidfile "$RUN_DIR/demo.pid"
nohup node -r ./tools/register-aliases.js dist/tools/demo.js \
  > >(exec nohup node tools/rotate-log.js "$RUN_DIR/logs/demo.log" >/dev/null 2>>"$RUN_DIR/logs/rotate-log.errors") 2>&1 &
echo $! >"$RUN_DIR/demo.pid"

viewer="$(node tools/token.js --tenant demo --sub demo-admin --roles admin,coach)"
cat <<INFO

Advocacy Engine is running (demo tenant "demo", simulated employees share and click continuously).
  content          http://127.0.0.1:3001/docs
  share-tracking   http://127.0.0.1:3002/docs      public redirect: http://127.0.0.1:3002/l/<code>
  scoring          http://127.0.0.1:3003/docs
  leaderboard      http://127.0.0.1:3004/docs
  live widget      http://127.0.0.1:3004/widget?scope=global&period=week&token=$viewer
  coach console    http://127.0.0.1:3005/console?token=$viewer
  sign-in (dev)    http://127.0.0.1:3009/oidc/.well-known/openid-configuration   users demo-admin, coach-01, emp-01..emp-40, password: demo
  notification     http://127.0.0.1:3006/docs      inbox stream: /api/v1/notifications/stream?token=<jwt>
  mail-dev         http://127.0.0.1:${MAILDEV_HTTP_PORT:-3008}/   (development SMTP on 127.0.0.1:${SMTP_PORT:-1025}: every mail sent)
  metrics          http://127.0.0.1:300[1-6]/metrics
Logs (rotated at 10 MB) in .run/logs/: npm run logs. A token: npm run token -- --tenant demo --sub alice --roles employee
Stop everything: npm stop
INFO

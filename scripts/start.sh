#!/usr/bin/env bash
# `npm start`: set-up, then the development mail server and OpenID provider, the six services, the edge
# (nginx on EDGE_PORT, 8080) with the web app, and the demo tenant's live activity, in the background.
# PORT_BASE moves the services' ports (3001…).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export EDGE_PORT="${EDGE_PORT:-8080}"
app="http://localhost:$EDGE_PORT/"
log "the app will be at $app (set-up, services and the edge start first)"
# tracked links point at the edge, which routes /l/ to share-tracking
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://localhost:$EDGE_PORT}"
export SCORING_URL="${SCORING_URL:-http://127.0.0.1:${PORTS[scoring-service]}}"
bash scripts/setup.sh
load_dev_env
mkdir -p "$RUN_DIR/logs"
start_identity_dev "$RUN_DIR"
start_mail_dev "$RUN_DIR" "${SMTP_PORT:-1025}" "${MAILDEV_HTTP_PORT:-3008}"
start_services "$RUN_DIR" PORTS
log "waiting for the services to be ready"
wait_services_ready "$RUN_DIR" PORTS

log "starting the edge on :$EDGE_PORT"
EDGE_ROOT="$ROOT/dist/apps/web-dev" \
  EDGE_CONTENT="127.0.0.1:${PORTS[content-service]}" \
  EDGE_SHARE_TRACKING="127.0.0.1:${PORTS[share-tracking-service]}" \
  EDGE_SCORING="127.0.0.1:${PORTS[scoring-service]}" \
  EDGE_LEADERBOARD="127.0.0.1:${PORTS[leaderboard-service]}" \
  EDGE_COACHING="127.0.0.1:${PORTS[coaching-service]}" \
  bash infra/edge/start

stop_pidfile "$RUN_DIR/demo.pid"
CONTENT_URL="http://127.0.0.1:${PORTS[content-service]}" \
  TRACKING_URL="http://127.0.0.1:${PORTS[share-tracking-service]}" \
  COACHING_URL="http://127.0.0.1:${PORTS[coaching-service]}" \
  nohup node dist/tools/demo.js \
  > >(exec nohup node tools/rotate-log.js "$RUN_DIR/logs/demo.log" >/dev/null 2>>"$RUN_DIR/logs/rotate-log.errors") 2>&1 &
echo $! >"$RUN_DIR/demo.pid"

# Until the OpenID provider is part of `npm start`, the app is the development-sign-in build: these
# links carry a demo user's token in the address fragment, which never reaches a server.
sign_in() { echo "${app}#dev_token=$(node tools/token.js --tenant demo "$@")"; }
employee="$(sign_in --sub emp-01 --roles employee --team sales --name 'Anna de Vries')"
staff="$(sign_in --sub demo-admin --roles admin,coach,editor,reviewer --name 'Demo admin')"
viewer="$(node tools/token.js --tenant demo --sub demo-admin --roles admin,coach)"
cat <<INFO

  Open $app
    as an employee (Anna de Vries, sales): $employee
    as the admin and coach:                $staff

Advocacy Engine is running (demo tenant "demo", simulated employees share and click continuously).
  web app          $app   (the edge: app, /api/v1/…, /l/…, streams)
  content          http://127.0.0.1:${PORTS[content-service]}/docs
  share-tracking   http://127.0.0.1:${PORTS[share-tracking-service]}/docs
  scoring          http://127.0.0.1:${PORTS[scoring-service]}/docs
  leaderboard      http://127.0.0.1:${PORTS[leaderboard-service]}/docs
  live widget      http://127.0.0.1:${PORTS[leaderboard-service]}/widget?scope=global&period=week&token=$viewer
  coach console    http://127.0.0.1:${PORTS[coaching-service]}/console?token=$viewer
  notification     http://127.0.0.1:${PORTS[notification-service]}/docs      inbox stream: /api/v1/notifications/stream?token=<jwt>
  sign-in (dev)    http://127.0.0.1:3009/oidc/.well-known/openid-configuration   users demo-admin, coach-01, emp-01..emp-40, password: demo
  mail-dev         http://127.0.0.1:${MAILDEV_HTTP_PORT:-3008}/   (development SMTP on 127.0.0.1:${SMTP_PORT:-1025}: every mail sent)
  metrics          http://127.0.0.1:${PORTS[content-service]}/metrics (and the other services' ports)
Logs (rotated at 10 MB) in .run/logs/: npm run logs. A token: npm run token -- --tenant demo --sub alice --roles employee
Stop everything: npm stop
INFO

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
# Sign-in is the development OpenID provider behind the edge: tokens say this issuer, the services
# accept it (its JWKS on 3009), and the app's redirect comes back to this edge.
export OIDC_ISSUER="${OIDC_ISSUER:-http://localhost:$EDGE_PORT/oidc}"
export AUTH_ISSUER="${AUTH_ISSUER:-$OIDC_ISSUER}"
[[ "$EDGE_PORT" == 8080 ]] || export OIDC_EXTRA_REDIRECT_URIS="${OIDC_EXTRA_REDIRECT_URIS:-http://localhost:$EDGE_PORT/auth/callback,http://127.0.0.1:$EDGE_PORT/auth/callback}"
bash scripts/setup.sh
load_dev_env
# The production build of the app (OpenID sign-in); the set-up built the development-sign-in one.
log "building the web app (OpenID sign-in)"
NODE_ENV=production npm run --silent build:web  # dev.env says development: not for the bundle
mkdir -p "$RUN_DIR/logs"
start_identity_dev "$RUN_DIR"
start_mail_dev "$RUN_DIR" "${SMTP_PORT:-1025}" "${MAILDEV_HTTP_PORT:-3008}"
start_services "$RUN_DIR" PORTS
log "waiting for the services to be ready"
wait_services_ready "$RUN_DIR" PORTS

log "starting the edge on :$EDGE_PORT"
EDGE_ROOT="$ROOT/dist/apps/web" \
  EDGE_IDENTITY="127.0.0.1:3009" \
  EDGE_NOTIFICATION="127.0.0.1:${PORTS[notification-service]}" \
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

viewer="$(node tools/token.js --tenant demo --sub demo-admin --roles admin,coach)"
# The widget takes a read-only embed key, never a user token: this start's key replaces the last one.
widget="$(LB="http://127.0.0.1:${PORTS[leaderboard-service]}" TOKEN="$viewer" node -e '
  const call = (method, path, body) => fetch(process.env.LB + path, { method,
    headers: { authorization: "Bearer " + process.env.TOKEN, "content-type": "application/json" },
    body: body && JSON.stringify(body) }).then((r) => (r.status === 204 ? null : r.json()));
  (async () => {
    for (const key of (await call("GET", "/api/v1/embed-keys")).items)
      if (key.name === "npm start" && !key.revokedAt) await call("DELETE", "/api/v1/embed-keys/" + key.keyId);
    const key = await call("POST", "/api/v1/embed-keys", { name: "npm start", scope: "global", periods: ["week", "all"] });
    console.log(process.env.LB + key.embedPath);
  })().catch((error) => console.log("(no embed key: " + error.message + ")"));
')"
cat <<INFO

  Open $app and sign in (the development OpenID provider; password "demo" for every user):
    an employee:  emp-01 … emp-40      the admin:  demo-admin      a coach:  coach-01, coach-02

Advocacy Engine is running (demo tenant "demo", simulated employees share and click continuously).
  web app          $app   (the edge: app, /api/v1/…, /l/…, streams)
  content          http://127.0.0.1:${PORTS[content-service]}/docs
  share-tracking   http://127.0.0.1:${PORTS[share-tracking-service]}/docs
  scoring          http://127.0.0.1:${PORTS[scoring-service]}/docs
  leaderboard      http://127.0.0.1:${PORTS[leaderboard-service]}/docs
  live widget      $widget
  coach console    http://127.0.0.1:${PORTS[coaching-service]}/console#token=$viewer
  notification     http://127.0.0.1:${PORTS[notification-service]}/docs      inbox stream: /api/v1/notifications/stream (Authorization: Bearer <jwt>)
  sign-in (dev)    http://127.0.0.1:3009/oidc/.well-known/openid-configuration   users demo-admin, coach-01, emp-01..emp-40, password: demo
  mail-dev         http://127.0.0.1:${MAILDEV_HTTP_PORT:-3008}/   (development SMTP on 127.0.0.1:${SMTP_PORT:-1025}: every mail sent)
  metrics          http://127.0.0.1:${PORTS[content-service]}/metrics (and the other services' ports)
Logs (rotated at 10 MB) in .run/logs/: npm run logs. A token: npm run token -- --tenant demo --sub alice --roles employee
Stop everything: npm stop
INFO

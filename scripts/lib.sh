# Shared by the scripts in this folder.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.run"
SERVICES=(content-service share-tracking-service scoring-service leaderboard-service coaching-service notification-service)
# `npm start`'s ports: 3001…3006 by default, PORT_BASE+1… when set (a second stack on one machine).
PORT_BASE="${PORT_BASE:-3000}"
declare -A PORTS=([content-service]=$((PORT_BASE + 1)) [share-tracking-service]=$((PORT_BASE + 2)) [scoring-service]=$((PORT_BASE + 3)) [leaderboard-service]=$((PORT_BASE + 4)) [coaching-service]=$((PORT_BASE + 5)) [notification-service]=$((PORT_BASE + 6)))
# The Postgres schema each service owns; it connects as the role advocacy_<schema>, owner of that schema only.
declare -A SCHEMAS=([notification-service]=notification [content-service]=content [share-tracking-service]=tracking [scoring-service]=scoring [leaderboard-service]=leaderboard [coaching-service]=coaching)
export NX_DAEMON=false

log() { echo "[advocacy] $*"; }

# Loads scripts/dev.env without overriding what the caller already exported.
load_dev_env() {
  while IFS='=' read -r key value; do
    [[ -z "$key" || "$key" == \#* ]] && continue
    if [[ -z "${!key:-}" ]]; then export "$key=$value"; fi
  done < "$ROOT/scripts/dev.env"
}

# One line saying which toolchain this machine offers: what the scripts need and what they found.
toolchain_report() {
  local node java pg redis maven
  node="$(node --version 2>/dev/null || echo missing)"
  # `|| true`: awk leaving early can end the writer with SIGPIPE, which pipefail and set -e would
  # turn into a failed set-up (seen once on a fresh clone).
  java="$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}' || true)"
  maven="$(mvn --version -Dstyle.color=never 2>/dev/null | awk '/Apache Maven/ {print $3; exit}' || true)"
  pg="$(psql -h 127.0.0.1 -U postgres -d postgres -tAc 'SHOW server_version' 2>/dev/null | awk '{print $1}' || true)"
  redis="$(redis-server --version 2>/dev/null | sed -n 's/.*v=\([^ ]*\).*/\1/p' || true)"
  log "toolchain: node ${node} (needs >=20; images use 22), java ${java:-missing} (needs 17+), maven ${maven:-missing}, postgres server ${pg:-not answering}, redis ${redis:-missing}"
  local major="${node#v}"; major="${major%%.*}"
  if [[ "$node" == missing ]] || ((major < 20)); then log "Node.js 20 or newer is required"; return 1; fi
  [[ -n "$java" ]] || { log "Java 17+ is required for the local Kafka broker"; return 1; }
}

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pidfile() {
  local file="$1" pid
  pid_alive "$file" || { rm -f "$file"; return 0; }
  pid="$(cat "$file")"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$file"
}

# $DATABASE_URL (an administrator's) with the user replaced by the service's own role.
service_database_url() {
  local role="advocacy_${SCHEMAS[$1]}"
  echo "$DATABASE_URL" | sed -E "s#^(postgres(ql)?://)[^@/]*@#\1${role}@#"
}

# Creates or updates every service's role and schema in the database of $DATABASE_URL (idempotent).
bootstrap_service_roles() {
  local specs=()
  for service in "${SERVICES[@]}"; do specs+=("${SCHEMAS[$service]}"); done
  DATABASE_ADMIN_URL="$DATABASE_URL" node "$ROOT/dist/tools/db-bootstrap.js" \
    "${specs[@]}" >/dev/null
}

# Applies each service's migrations as its own role (`npm run migrate`; services also migrate at
# start outside production).
migrate_services() {
  bootstrap_service_roles
  for service in "${SERVICES[@]}"; do
    log "$service: $(DATABASE_URL="$(service_database_url "$service")" node \
      "$ROOT/dist/apps/$service/src/main.js" migrate)"
  done
}

# Starts every service from dist/ in the background, ports from the associative array named $2,
# each connected as its own database role; pid files and logs go to the folder $1. Logs rotate
# (tools/rotate-log.js): <service>.log plus at most LOG_KEEP older files of LOG_MAX_BYTES each.
start_services() {
  local run_dir="$1"
  local -n service_ports="$2"
  mkdir -p "$run_dir/logs"
  bootstrap_service_roles
  for service in "${SERVICES[@]}"; do
    stop_pidfile "$run_dir/$service.pid"
    PORT="${service_ports[$service]}" DATABASE_URL="$(service_database_url "$service")" nohup node ${SERVICE_NODE_ARGS:-} \
      "$ROOT/dist/apps/$service/src/main.js" \
      > >(exec nohup node "$ROOT/tools/rotate-log.js" "$run_dir/logs/$service.log" >/dev/null 2>>"$run_dir/logs/rotate-log.errors") 2>&1 &
    echo $! >"$run_dir/$service.pid"
  done
}

# Waits until every service answers /health/ready; shows the log of one that exits or hangs.
wait_services_ready() {
  local run_dir="$1"
  local -n service_ports="$2"
  local deadline=$((SECONDS + 120)) port
  for service in "${SERVICES[@]}"; do
    port="${service_ports[$service]}"
    until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
      if ! pid_alive "$run_dir/$service.pid"; then
        log "$service exited; last lines of its log:"; tail -n 30 "$run_dir/logs/$service.log"; return 1
      fi
      if ((SECONDS > deadline)); then
        log "$service not ready after 120s"; tail -n 30 "$run_dir/logs/$service.log"; return 1
      fi
      sleep 0.5
    done
    log "$service ready on http://127.0.0.1:$port"
  done
}

# The development OpenID provider (apps/identity-dev, port 3009, never the production path).
start_identity_dev() {
  local run_dir="$1" port="${2:-3009}"
  mkdir -p "$run_dir/logs"
  stop_pidfile "$run_dir/identity-dev.pid"
  PORT="$port" nohup node "$ROOT/dist/apps/identity-dev/src/main.js" \
    > >(exec nohup node "$ROOT/tools/rotate-log.js" "$run_dir/logs/identity-dev.log" >/dev/null 2>>"$run_dir/logs/rotate-log.errors") 2>&1 &
  echo $! >"$run_dir/identity-dev.pid"
  local deadline=$((SECONDS + 120))  # a loaded machine needs far more than a quiet one
  until curl -fsS "http://127.0.0.1:$port/oidc/.well-known/openid-configuration" >/dev/null 2>&1; do
    if ! pid_alive "$run_dir/identity-dev.pid" || ((SECONDS > deadline)); then
      log "identity-dev did not start; last lines of its log:"; tail -n 30 "$run_dir/logs/identity-dev.log"; return 1
    fi
    sleep 0.3
  done
  log "identity-dev (development OpenID provider) ready on http://127.0.0.1:$port/oidc"
}

# Starts the development SMTP server (apps/mail-dev; never a production component) in the background:
# SMTP on $2, the page and JSON API of what was sent on $3; pid file and log in the folder $1.
start_mail_dev() {
  local run_dir="$1" smtp_port="$2" http_port="$3"
  mkdir -p "$run_dir/logs"
  stop_pidfile "$run_dir/mail-dev.pid"
  MAILDEV_SMTP_PORT="$smtp_port" MAILDEV_HTTP_PORT="$http_port" nohup node \
    "$ROOT/dist/apps/mail-dev/src/main.js" > >(exec nohup node "$ROOT/tools/rotate-log.js" "$run_dir/logs/mail-dev.log" >/dev/null 2>>"$run_dir/logs/rotate-log.errors") 2>&1 &
  echo $! >"$run_dir/mail-dev.pid"
  local deadline=$((SECONDS + 120))  # as above
  until curl -fsS "http://127.0.0.1:$http_port/api/messages" >/dev/null 2>&1; do
    if ! pid_alive "$run_dir/mail-dev.pid" || ((SECONDS > deadline)); then
      log "mail-dev did not start; last lines of its log:"; tail -n 20 "$run_dir/logs/mail-dev.log"; return 1
    fi
    sleep 0.2
  done
}

# Shared by the scripts in this folder.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.run"
SERVICES=(content-service share-tracking-service scoring-service leaderboard-service coaching-service)
declare -A PORTS=([content-service]=3001 [share-tracking-service]=3002 [scoring-service]=3003 [leaderboard-service]=3004 [coaching-service]=3005)
export NX_DAEMON=false

log() { echo "[advocacy] $*"; }

# Loads scripts/dev.env without overriding what the caller already exported.
load_dev_env() {
  while IFS='=' read -r key value; do
    [[ -z "$key" || "$key" == \#* ]] && continue
    if [[ -z "${!key:-}" ]]; then export "$key=$value"; fi
  done < "$ROOT/scripts/dev.env"
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

# Starts every service from dist/ in the background, ports from the associative array named $2;
# pid files and logs go to the folder $1.
start_services() {
  local run_dir="$1"
  local -n service_ports="$2"
  mkdir -p "$run_dir/logs"
  for service in "${SERVICES[@]}"; do
    stop_pidfile "$run_dir/$service.pid"
    PORT="${service_ports[$service]}" nohup node -r "$ROOT/tools/register-aliases.js" \
      "$ROOT/dist/apps/$service/src/main.js" >>"$run_dir/logs/$service.log" 2>&1 &
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
  PORT="$port" nohup node -r "$ROOT/tools/register-aliases.js" "$ROOT/dist/apps/identity-dev/src/main.js" \
    >>"$run_dir/logs/identity-dev.log" 2>&1 &
  echo $! >"$run_dir/identity-dev.pid"
  local deadline=$((SECONDS + 30))
  until curl -fsS "http://127.0.0.1:$port/oidc/.well-known/openid-configuration" >/dev/null 2>&1; do
    if ! pid_alive "$run_dir/identity-dev.pid" || ((SECONDS > deadline)); then
      log "identity-dev did not start; last lines of its log:"; tail -n 30 "$run_dir/logs/identity-dev.log"; return 1
    fi
    sleep 0.3
  done
  log "identity-dev (development OpenID provider) ready on http://127.0.0.1:$port/oidc"
}

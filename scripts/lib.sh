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

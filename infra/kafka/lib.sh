# Shared helpers for infra/kafka/{start,stop,reset}. Sourced, not executed.
# Expects KAFKA_DIR to be set to this folder by the caller.

KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$KAFKA_DIR/.data}"
KAFKA_LIBS_DIR="$KAFKA_DIR/.cache/libs"
KAFKA_PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
KAFKA_LOG_DIR="$KAFKA_DATA_DIR/logs"
KAFKA_HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-9092}"
# The controller listens on the next port (9093 by default).
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"

# Pid from the pid file if that process is alive and is our broker; empty otherwise.
kafka_running_pid() {
  local pid
  [[ -f "$KAFKA_PID_FILE" ]] || return 1
  pid="$(tr -dc '0-9' <"$KAFKA_PID_FILE")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against pid reuse: the process must be a kafka.Kafka JVM.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

# 0 if something accepts TCP connections on host:port.
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# 0 if a Kafka broker answers an ApiVersions (v0) request on host:port with error_code 0.
# Request: size=10 | api_key=18 | api_version=0 | correlation_id=42 | client_id=null
# Response starts: size(4) | correlation_id=42 (4) | error_code=0 (2)
kafka_answers() {
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "\x00\x00\x00\x0a\x00\x12\x00\x00\x00\x00\x00\x2a\xff\xff" >&3
    resp="$(head -c 10 <&3 | od -An -tx1 | tr -d " \n")"
    [[ "$resp" == ????????0000002a0000 ]]
  ' "$1" "$2" 2>/dev/null
}

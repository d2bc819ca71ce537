#!/usr/bin/env bash
# `npm run bench`: brings up the real stack on its own database, Redis DB, topic prefix and ports
# (3101-3106 unless BENCH_PORT_BASE says otherwise, mail-dev on 1125/3108, its JWKS on base+9, so it never collides with `npm start`), runs bench/main.ts and stops what it started.
# Flags are passed to bench/main.ts; `--quick` for a < 2 min run. `npm run bench` without flags
# runs the full sizes and includes the Kafka outage step of the redirect measurement.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
source "$BENCH_DIR/../scripts/lib.sh"
cd "$ROOT"

args=("$@")
# The full run (no --quick) measures the redirect while Kafka is down unless told otherwise.
if [[ " ${args[*]:-} " != *" --quick "* && " ${args[*]:-} " != *" --no-kafka-outage "* \
  && " ${args[*]:-} " != *" --kafka-outage "* ]]; then
  args+=("--kafka-outage")
fi

BENCH_RUN="$BENCH_DIR/.run"
mkdir -p "$BENCH_RUN/logs" "$BENCH_DIR/results"
# Overridable so several people can bench on one machine without touching each other's stack:
# BENCH_PORT_BASE (services on base+1..base+6), BENCH_DB, BENCH_REDIS_DB, BENCH_TOPIC_PREFIX, and
# BENCH_SKIP_SETUP=1 when the caller has built already (set-up may reinstall and rebuild).
BENCH_DB="${BENCH_DB:-advocacy_bench}"
BENCH_REDIS_DB="${BENCH_REDIS_DB:-2}"
BENCH_TOPIC_PREFIX="${BENCH_TOPIC_PREFIX:-bench.}"
BENCH_PORT_BASE="${BENCH_PORT_BASE:-3100}"
declare -A BENCH_PORTS=([content-service]=$((BENCH_PORT_BASE + 1)) [share-tracking-service]=$((BENCH_PORT_BASE + 2))
  [scoring-service]=$((BENCH_PORT_BASE + 3)) [leaderboard-service]=$((BENCH_PORT_BASE + 4))
  [coaching-service]=$((BENCH_PORT_BASE + 5)) [notification-service]=$((BENCH_PORT_BASE + 6)))

blog() { echo "[bench] $*"; }

stage() { blog "$1 ($((SECONDS - stage_started))s since start)"; }
stage_started=$SECONDS
if [[ "${BENCH_SKIP_SETUP:-0}" == "1" ]]; then
  bash infra/db/ensure-services.sh
  bash infra/kafka/start
else
  bash scripts/setup.sh
fi
stage "set-up done"

export NODE_ENV=production
# Production mode keeps migrations a separate step; the bench's database is new every run.
export MIGRATE_ON_START=true
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$BENCH_DB"
export REDIS_URL="redis://127.0.0.1:6379/$BENCH_REDIS_DB"
export BENCH_REDIS_DB
export KAFKA_BROKERS=127.0.0.1:9092
export KAFKA_TOPIC_PREFIX="$BENCH_TOPIC_PREFIX"
# Production accepts only tokens of a JWKS issuer: bench/jwks.ts makes this run's RSA key and serves
# its public half; the bench signs its tokens with the private half (bench/lib/token.ts).
BENCH_JWKS_PORT=$((BENCH_PORT_BASE + 9))
export AUTH_ISSUER=https://bench.advocacy.invalid
export AUTH_JWKS_URL="http://127.0.0.1:$BENCH_JWKS_PORT/jwks.json"
export BENCH_SIGNING_KEY="$BENCH_RUN/signing-key.pem"
# The leaderboard's reconcile reads scoring's ledger export with a service key (required in production).
export LEDGER_EXPORT_KEY=bench-ledger-export-key-not-for-production-0123456789
export LEDGER_EXPORT_KEYS="$LEDGER_EXPORT_KEY"
export VISITOR_HASH_SECRET=bench-visitor-hash-secret-0123456789
# the benches drive every service from one address at thousands of requests a second
export RATE_LIMIT_ENABLED="${RATE_LIMIT_ENABLED:-false}"
export PUBLIC_BASE_URL="http://127.0.0.1:${BENCH_PORTS[share-tracking-service]}"
export SCORING_URL="http://127.0.0.1:${BENCH_PORTS[scoring-service]}"
export LOG_LEVEL=warn
export UNSUBSCRIBE_SECRET=bench-unsubscribe-secret-0123456789
# The bench's own development SMTP server, away from the one of `npm start`.
export SMTP_PORT=1125
export NOTIFY_PUBLIC_URL="http://127.0.0.1:${BENCH_PORTS[notification-service]}"

stop_all() {
  for service in "${SERVICES[@]}"; do stop_pidfile "$BENCH_RUN/$service.pid"; done
  stop_pidfile "$BENCH_RUN/mail-dev.pid"
  stop_pidfile "$BENCH_RUN/jwks.pid"
}
trap stop_all EXIT INT TERM
stop_all

# A fresh start every run: the bench database is dropped and created, Redis DB 2 (the bench's own)
# is emptied, so a run never inherits the previous run's boards or ledger.
blog "resetting database $BENCH_DB and Redis DB $BENCH_REDIS_DB"
psql -h 127.0.0.1 -U postgres -d postgres -qtA -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null
psql -h 127.0.0.1 -U postgres -d postgres -qtA -c "CREATE DATABASE $BENCH_DB" >/dev/null
redis-cli -n "$BENCH_REDIS_DB" FLUSHDB >/dev/null

# Leftovers of an earlier or interrupted run would otherwise be consumed during the measurements.
node dist/bench/prepare.js
blog "creating Kafka topics with prefix $KAFKA_TOPIC_PREFIX"
# Right after a deletion the broker may still report the old partitions for a moment: retry.
for attempt in 1 2 3 4 5 6; do
  node dist/tools/create-topics.js 2>"$BENCH_RUN/logs/create-topics.log" && break
  ((attempt < 6)) || { cat "$BENCH_RUN/logs/create-topics.log"; exit 1; }
  sleep 2
done
stage "stack prepared"

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

start_mail_dev "$BENCH_RUN" "$SMTP_PORT" 3108
node dist/bench/jwks.js "$BENCH_RUN" "$BENCH_JWKS_PORT" >"$BENCH_RUN/logs/jwks.log" 2>&1 &
echo $! >"$BENCH_RUN/jwks.pid"
until curl -fsS "$AUTH_JWKS_URL" >/dev/null 2>&1; do
  pid_alive "$BENCH_RUN/jwks.pid" || { cat "$BENCH_RUN/logs/jwks.log"; exit 1; }
  sleep 0.2
done
start_services "$BENCH_RUN" BENCH_PORTS
blog "waiting for the services to be ready"
wait_services_ready "$BENCH_RUN" BENCH_PORTS || exit 1
stage "services ready"

export BENCH_RUN_DIR="$BENCH_RUN"
export BENCH_COMMAND="${KAFKA_MAX_PARTITIONS:+KAFKA_MAX_PARTITIONS=$KAFKA_MAX_PARTITIONS }npm run bench${args[*]:+ -- ${args[*]}}"
for service in "${SERVICES[@]}"; do
  key="BENCH_PORT_$(echo "${service%-service}" | tr 'a-z-' 'A-Z_')"
  export "$key=${BENCH_PORTS[$service]}"
done
node dist/bench/main.js "${args[@]}"
# BENCH_HOLD=<seconds> keeps the stack up after the run, e.g. to restart one service with --cpu-prof
# and drive it by hand with autocannon (how the board-read profiles were taken).
if [[ -n "${BENCH_HOLD:-}" ]]; then sleep "$BENCH_HOLD"; fi

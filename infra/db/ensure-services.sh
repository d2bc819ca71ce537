#!/usr/bin/env bash
# Make sure local PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) are up,
# and that the databases `advocacy` and `advocacy_test` exist. Idempotent.
# Starts a service only when it does not answer; never fails just because a
# start command is missing if the service is already up.
#
# Env overrides: PGUSER (default postgres), DB_WAIT_TIMEOUT (default 30 s).
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER="${PGUSER:-postgres}"
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
TIMEOUT="${DB_WAIT_TIMEOUT:-30}"
DATABASES=(advocacy advocacy_test)

log() { echo "[services] $*"; }

pg_up()    { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" >/dev/null 2>&1; }
redis_up() { [[ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]; }

# ---- PostgreSQL --------------------------------------------------------------
if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [[ -d /etc/postgresql ]]; then
    # Newest installed major version, e.g. /etc/postgresql/15
    pg_version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    log "starting PostgreSQL $pg_version/main"
    pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start || log "pg_ctlcluster failed (will still wait)"
  else
    log "PostgreSQL is not answering and pg_ctlcluster is not available"
  fi
fi

# ---- Redis -------------------------------------------------------------------
if ! redis_up; then
  if command -v redis-server >/dev/null 2>&1; then
    log "starting Redis"
    redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save "" --appendonly no \
      || log "redis-server failed (will still wait)"
  else
    log "Redis is not answering and redis-server is not available"
  fi
fi

# ---- wait for both -------------------------------------------------------------
deadline=$(( SECONDS + TIMEOUT ))
until pg_up && redis_up; do
  if (( SECONDS >= deadline )); then
    pg_up    || log "ERROR: PostgreSQL not answering on $PG_HOST:$PG_PORT after ${TIMEOUT}s" >&2
    redis_up || log "ERROR: Redis not answering on $REDIS_HOST:$REDIS_PORT after ${TIMEOUT}s" >&2
    exit 1
  fi
  sleep 0.5
done
log "PostgreSQL and Redis are up"

# ---- databases -----------------------------------------------------------------
for db in "${DATABASES[@]}"; do
  exists="$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
            "SELECT 1 FROM pg_database WHERE datname='$db'")"
  if [[ "$exists" == "1" ]]; then
    log "database $db exists"
  else
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
    log "created database $db"
  fi
done

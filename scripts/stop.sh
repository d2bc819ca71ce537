#!/usr/bin/env bash
# `npm stop`: ends the demo, the services, the development mail server and the Kafka broker that `npm start` started.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
stop_pidfile "$RUN_DIR/demo.pid"
bash "$ROOT/infra/edge/stop"
for service in "${SERVICES[@]}"; do stop_pidfile "$RUN_DIR/$service.pid"; done
stop_pidfile "$RUN_DIR/identity-dev.pid"
stop_pidfile "$RUN_DIR/mail-dev.pid"
if [[ "${KEEP_KAFKA:-0}" != "1" ]]; then bash "$ROOT/infra/kafka/stop"; fi
log "stopped"

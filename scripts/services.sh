#!/usr/bin/env bash
# Start and stop a throwaway PostgreSQL and Redis on 127.0.0.1 for the test suite.
# Sourced by scripts/test.sh:  services_start  → exports DATABASE_URL, REDIS_URL, CELERY_BROKER_URL
#                              services_stop   → stops both, removes the temp dir
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

free_port() {
  .venv/bin/python - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

port_open() {
  .venv/bin/python - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.settimeout(0.5)
sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
PY
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

services_start() {
  SERVICES_DIR=$(mktemp -d /tmp/digiladder-services.XXXXXX)
  export SERVICES_DIR
  chmod 755 "$SERVICES_DIR"
  PG_PORT=$(free_port); REDIS_PORT=$(free_port)
  export PG_PORT REDIS_PORT
  mkdir -p "$SERVICES_DIR/pg"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
    chown postgres "$SERVICES_DIR/pg"
  fi
  as_pg "$PG_BIN/initdb" -D "$SERVICES_DIR/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$SERVICES_DIR/initdb.log" 2>&1 \
    || { cat "$SERVICES_DIR/initdb.log"; return 1; }
  as_pg "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg" -l "$SERVICES_DIR/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $SERVICES_DIR/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --dir "$SERVICES_DIR" --pidfile "$SERVICES_DIR/redis.pid" --logfile "$SERVICES_DIR/redis.log"
  for _ in $(seq 50); do port_open "$REDIS_PORT" && break; sleep 0.1; done
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/digiladder"
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/1"
  export CELERY_RESULT_BACKEND="redis://127.0.0.1:$REDIS_PORT/2"
  as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres digiladder
  echo "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT (in $SERVICES_DIR)"
}

services_stop() {
  [ -n "${SERVICES_DIR:-}" ] || return 0
  if [ -f "$SERVICES_DIR/pg/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  if [ -f "$SERVICES_DIR/redis.pid" ]; then
    kill "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null || true
  fi
  # Stopped servers can linger as zombies here: wait for the ports to close, not for ps.
  for _ in $(seq 100); do
    port_open "$PG_PORT" || port_open "$REDIS_PORT" || break
    sleep 0.1
  done
  rm -rf "$SERVICES_DIR"
  unset SERVICES_DIR
  # What services_start exported points at servers that are gone now; Celery reads
  # CELERY_BROKER_URL / CELERY_RESULT_BACKEND from the environment over its arguments.
  unset DATABASE_URL REDIS_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND
}

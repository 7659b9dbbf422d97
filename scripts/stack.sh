#!/usr/bin/env bash
# `make stack`: what production runs, on this machine, with the demo data:
# PostgreSQL, Redis, gunicorn with the production settings (workers sized to the cores),
# a Celery worker and Celery beat, static files collected and served by WhiteNoise.
# Everything runs on 127.0.0.1 and stops on Ctrl-C (or SIGTERM); the data is throwaway.
#   STACK_PORT=8000 (web port)   STACK_WORKERS=<2×cores+1>   STACK_READY_FILE=<path>
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh

PORT=${STACK_PORT:-8000}
CORES=$(nproc 2>/dev/null || echo 2)
WORKERS=${STACK_WORKERS:-$((CORES * 2 + 1))}
PIDS=()

stop_all() {
  local code=${1:-0}
  trap - INT TERM EXIT
  echo ""
  echo "==> Stopping the stack"
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  for _ in $(seq 100); do port_open "$PORT" || break; sleep 0.1; done
  services_stop
  [ -n "${STACK_READY_FILE:-}" ] && rm -f "$STACK_READY_FILE"
  echo "Stopped."
  exit "$code"
}
trap 'stop_all $?' EXIT
trap 'stop_all 0' INT TERM

if port_open "$PORT"; then echo "Port $PORT is in use; set STACK_PORT."; exit 1; fi
services_start || { echo "Could not start PostgreSQL/Redis"; exit 1; }

export DJANGO_SETTINGS_MODULE=config.settings.production
# A caller may pass its own key (bench/load_attempts.py makes sessions with it).
export DJANGO_SECRET_KEY
DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')}
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export WAGTAILADMIN_BASE_URL="http://127.0.0.1:$PORT"
export DJANGO_CSRF_TRUSTED_ORIGINS="http://127.0.0.1:$PORT,http://localhost:$PORT"
# Loopback without TLS: no HTTPS redirect, no HSTS, cookies allowed over plain http.
# A real deployment keeps the defaults and terminates TLS at its proxy.
export DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_HSTS_SECONDS=0
export DJANGO_COOKIES_SECURE=false
export DJANGO_STATIC_ROOT="$SERVICES_DIR/static" DJANGO_MEDIA_ROOT="$SERVICES_DIR/media"
export DJANGO_CONN_MAX_AGE=${DJANGO_CONN_MAX_AGE:-60}

echo "==> Migrating, collecting static files, loading the demo data"
.venv/bin/python manage.py migrate --noinput -v0 || exit 1
.venv/bin/python manage.py collectstatic --noinput -v0 || exit 1
.venv/bin/python manage.py seed_demo || exit 1

echo "==> Starting gunicorn ($WORKERS workers), a Celery worker and Celery beat"
# --preload: the app is imported once and the workers are forked from it, instead of
# every worker importing Django and Wagtail at once (a minute on a busy 2-core machine,
# during which the first requests wait).
setsid .venv/bin/gunicorn config.wsgi:application -c config/gunicorn.conf.py \
  --bind "127.0.0.1:$PORT" --workers "$WORKERS" --preload --timeout 60 --keep-alive 30 --access-logfile - \
  >"$SERVICES_DIR/gunicorn.log" 2>&1 &
PIDS+=($!)
setsid .venv/bin/celery -A config worker -l info --concurrency "$CORES" \
  >"$SERVICES_DIR/worker.log" 2>&1 &
PIDS+=($!)
setsid .venv/bin/celery -A config beat -l info \
  --schedule "$SERVICES_DIR/celerybeat-schedule" >"$SERVICES_DIR/beat.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 300); do port_open "$PORT" && break; sleep 0.1; done
if ! port_open "$PORT"; then
  echo "gunicorn did not start:"; tail -20 "$SERVICES_DIR/gunicorn.log"; exit 1
fi
echo ""
echo "DigiLadder (production stack) at http://127.0.0.1:$PORT/  — Ctrl-C stops everything."
echo "Logs: $SERVICES_DIR/{gunicorn,worker,beat}.log"
[ -n "${STACK_READY_FILE:-}" ] && echo "$DATABASE_URL $REDIS_URL" > "$STACK_READY_FILE"
while true; do
  for pid in "${PIDS[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "A process of the stack exited (pid $pid)."; stop_all 1; fi
  done
  sleep 1
done

#!/usr/bin/env bash
# CI step: `make stack` starts, serves pages and runs Celery, then stops cleanly on SIGTERM
# (a background job of a script ignores SIGINT, so Ctrl-C is tested as TERM here).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh  # for free_port / port_open

port=$(free_port)
ready=$(mktemp -u /tmp/digiladder-stack-ready.XXXXXX)
log=$(mktemp /tmp/digiladder-stack.XXXXXX.log)
STACK_PORT=$port STACK_READY_FILE=$ready STACK_WORKERS=2 setsid bash scripts/stack.sh >"$log" 2>&1 &
stack_pid=$!
fail() { echo "make stack check failed: $*"; tail -30 "$log"; kill -TERM "$stack_pid" 2>/dev/null; exit 1; }

for _ in $(seq 1200); do [ -f "$ready" ] && break; kill -0 "$stack_pid" 2>/dev/null || fail "stack exited"; sleep 0.5; done
[ -f "$ready" ] || fail "not ready after 600 s"
read -r _db redis_url <"$ready"
echo "stack ready: redis at ${redis_url}"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/") || fail "no answer"
[ "$code" = 200 ] || fail "home page answered $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/static/css/site.css")
[ "$code" = 200 ] || fail "static file answered $code"
# Each worker freezes its long-lived objects after its first 200 requests
# (config/gunicorn.conf.py): 450 requests on one kept-alive connection reach one worker.
curl -s -o /dev/null "http://127.0.0.1:$port/static/css/site.css?n=[1-450]" || fail "no answer"
logs_dir=$(sed -n 's|^Logs: \(.*\)/{gunicorn.*|\1|p' "$log")
for _ in $(seq 50); do grep -q "froze [0-9]* long-lived objects" "$logs_dir/gunicorn.log" && break; sleep 0.2; done
grep -q "froze [0-9]* long-lived objects after 200 requests" "$logs_dir/gunicorn.log" \
  || fail "no gunicorn worker froze its objects (config/gunicorn.conf.py not used?)"
# A task sent through the stack's Redis is run by the stack's worker (three tries: on
# a loaded machine the worker may still be connecting).
celery_ok=0
for _ in 1 2 3; do
  # env -u: Celery prefers these variables to its arguments, and the caller may have
  # exported them for other servers.
  if env -u CELERY_BROKER_URL -u CELERY_RESULT_BACKEND -u REDIS_URL -u DATABASE_URL \
    .venv/bin/python - "${redis_url%/0}" <<'PY'
import sys
from celery import Celery
base = sys.argv[1]
app = Celery(broker=f"{base}/1", backend=f"{base}/2")
assert app.send_task("accounts.tasks.ping", args=[21]).get(timeout=60) == 42
PY
  then celery_ok=1; break; fi
  sleep 5
done
[ "$celery_ok" = 1 ] || fail "the Celery worker did not run a task"
kill -TERM "$stack_pid"
for _ in $(seq 300); do kill -0 "$stack_pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$stack_pid" 2>/dev/null && fail "did not stop within 60 s"
port_open "$port" && fail "port $port still open after stop"
grep -q "Stopped." "$log" || fail "no clean stop"
echo "make stack: served the home page and a static file, froze a warmed-up worker, ran a Celery task, stopped cleanly"
rm -f "$log"

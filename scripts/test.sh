#!/usr/bin/env bash
# The whole suite, twice: on the embedded SQLite default, then on PostgreSQL with Redis
# and a real Celery worker. Starts and stops the services it uses; exits non-zero on any
# failure. Each phase builds its test database afresh (browser tests flush it).
# Extra arguments go to pytest (e.g. scripts/test.sh -k elder).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh

status=0
failed=()  # names of the steps that failed, repeated at the end
fail_step() { status=1; failed+=("$1"); }
export PYTHONDONTWRITEBYTECODE=1

echo "==> Lint"
.venv/bin/ruff check . || fail_step "ruff"
.venv/bin/python manage.py makemigrations --check --dry-run -v0 || { echo "Missing migrations"; fail_step "migrations"; }

echo "==> Test suite on SQLite (eager Celery)"
env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL TEST_DB_SUFFIX=ci \
  .venv/bin/pytest -q --create-db "$@" || fail_step "SQLite suite"

echo "==> Test suite on PostgreSQL + Redis + Celery worker (all but the browser tests)"
trap services_stop EXIT
if services_start; then
  # Browser tests ran in phase 1; pages do not depend on the database engine, and
  # skipping them here keeps the whole run well under half an hour on 2 cores.
  TEST_DB_SUFFIX=ci .venv/bin/pytest -q --create-db -m "not browser" "$@" || fail_step "PostgreSQL suite"
  DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY="$(.venv/bin/python -c 'import secrets;print(secrets.token_urlsafe(64))')" \
    DJANGO_ALLOWED_HOSTS=digiladder.example.org REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}" \
    WAGTAILADMIN_BASE_URL=https://digiladder.example.org \
    .venv/bin/python manage.py check --deploy --fail-level WARNING || fail_step "check --deploy"
else
  echo "Could not start PostgreSQL/Redis"; fail_step "services"
fi
services_stop
trap - EXIT

echo "==> make stack starts, serves and stops cleanly"
bash scripts/stack_check.sh || fail_step "make stack"

if [ $status -ne 0 ]; then echo "FAILED: ${failed[*]}"; else echo "All checks passed"; fi
exit $status

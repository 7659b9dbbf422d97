#!/usr/bin/env bash
# Idempotent setup for `make run` and `make test`.
#   scripts/setup.sh          runtime: Debian libs/fonts, .venv, Python packages, translations
#   scripts/setup.sh --test   plus the test-only parts: chromium, redis-server, poppler-utils,
#                             PostgreSQL server, axe-core from npm, dev Python packages
# It installs only what is missing, so a second run is fast and changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_TEST=0
WITH_STACK=0
[ "${1:-}" = "--test" ] && WITH_TEST=1
[ "${1:-}" = "--stack" ] && WITH_STACK=1
PYTHON=${PYTHON:-python3}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- Debian packages --------------------------------------------------------
deb_packages=(fonts-noto-cjk fonts-hanazono libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 gettext)
if [ "$WITH_TEST" = 1 ]; then
  deb_packages+=(chromium redis-server poppler-utils zbar-tools postgresql-15)
fi
if [ "$WITH_STACK" = 1 ]; then
  deb_packages+=(redis-server postgresql-15)
fi
missing=()
for pkg in "${deb_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "$WITH_TEST" = 1 ] && ! command -v npm >/dev/null; then missing+=(npm); fi
if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then missing+=(python3-venv); fi
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" != 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- Python ----------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  say "Creating .venv"
  "$PYTHON" -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check uv
fi
reqs=(-r requirements.txt)
[ "$WITH_TEST" = 1 ] && reqs+=(-r requirements-dev.txt)
stamp=".venv/.installed-$([ "$WITH_TEST" = 1 ] && echo dev || echo run)"
if [ ! -f "$stamp" ] || [ requirements.txt -nt "$stamp" ] || [ requirements-dev.txt -nt "$stamp" ]; then
  say "Installing Python packages"
  .venv/bin/uv pip install -q --python .venv/bin/python "${reqs[@]}"
  touch "$stamp"
fi
# The official Open Badges 2.0 validator, for one test, in its own virtualenv: its pins
# clash with .venv's (see requirements-obvalidator.txt).
if [ "$WITH_TEST" = 1 ] && { [ ! -x var/ob-validator/bin/python ] || [ requirements-obvalidator.txt -nt var/ob-validator/.installed ]; }; then
  say "Installing the Open Badges validator (var/ob-validator)"
  mkdir -p var
  [ -x var/ob-validator/bin/python ] || .venv/bin/uv venv -q --python .venv/bin/python var/ob-validator
  .venv/bin/uv pip install -q --python var/ob-validator/bin/python --no-deps -r requirements-obvalidator.txt
  touch var/ob-validator/.installed
fi

# --- JavaScript test tools ---------------------------------------------------
if [ "$WITH_TEST" = 1 ] && [ ! -f node_modules/axe-core/axe.min.js ]; then
  say "Installing axe-core"
  npm ci --no-audit --no-fund --loglevel=error
fi

# --- Translations ----------------------------------------------------------
say "Compiling translations"
if compgen -G "*/locale/*/LC_MESSAGES/*.po" >/dev/null || compgen -G "locale/*/LC_MESSAGES/*.po" >/dev/null; then
  .venv/bin/python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules --ignore=var
fi
mkdir -p var

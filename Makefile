# DigiLadder — two commands: `make run` and `make test`. See README.md.
.PHONY: run test stack setup setup-test setup-stack demo lint format worker beat messages clean

HOST ?= 127.0.0.1
PORT ?= 8000
PY := .venv/bin/python

run: setup demo
	@echo ""
	@echo "Serving DigiLadder at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup-test
	bash scripts/test.sh

stack: setup-stack
	bash scripts/stack.sh

setup:
	bash scripts/setup.sh

setup-stack:
	bash scripts/setup.sh --stack

setup-test:
	bash scripts/setup.sh --test

demo:
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

worker:
	.venv/bin/celery -A config worker -l info

beat:
	.venv/bin/celery -A config beat -l info

messages:
	@for app in accounts cms training practice assessments certificates incentives; do \
	  mkdir -p $$app/locale; (cd $$app && ../$(PY) ../manage.py makemessages -l zh_Hans -l en --ignore 'migrations/*' -v0); \
	done
	$(PY) manage.py makemessages -l zh_Hans -l en -v0 --ignore=.venv --ignore=node_modules --ignore=var \
	  --ignore=accounts --ignore=cms --ignore=training --ignore=practice --ignore=assessments \
	  --ignore=certificates --ignore=incentives --ignore=tests --ignore=bench

clean:
	rm -rf var

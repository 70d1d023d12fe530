# Quick start: `make run` (set-up, then the app at http://127.0.0.1:8000) and `make test`.
SHELL := /bin/bash
export DJANGO_SETTINGS_MODULE ?= config.settings
PY := .venv/bin/python

.PHONY: run test lint bench
run:
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} scripts/setup.sh run
	@export DJANGO_DEBUG=$${DJANGO_DEBUG:-1}; \
	$(PY) manage.py alerts_worker & worker=$$!; \
	$(PY) manage.py iot_ingest & iot=$$!; \
	trap 'kill $$worker $$iot 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

test:
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} scripts/setup.sh test
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) -m pytest

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} .venv/bin/mypy .

bench:
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} scripts/setup.sh run
	bench/run.sh

# Quick start: `make run` (set-up, then the app at http://127.0.0.1:8000) and `make test`.
SHELL := /bin/bash
export DJANGO_SETTINGS_MODULE ?= config.settings
PY := .venv/bin/python

.PHONY: run test lint bench fuzz screenshots topology
# The project's own MQTT broker: its port, and the folder of its data and log (never the machine's broker).
export IOT_MQTT_PORT ?= 18830
BROKER_DIR ?= var/mosquitto

run:
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} scripts/setup.sh run
	@scripts/broker.sh start $(IOT_MQTT_PORT) $(BROKER_DIR)
	@export DJANGO_DEBUG=$${DJANGO_DEBUG:-1}; \
	scripts/supervise.sh alerts_worker $(PY) manage.py alerts_worker & alerts=$$!; \
	scripts/supervise.sh tasks_worker $(PY) manage.py tasks_worker & tasks=$$!; \
	scripts/supervise.sh iot_ingest $(PY) manage.py iot_ingest & iot=$$!; \
	scripts/supervise.sh iot_demo_publisher $(PY) manage.py iot_demo_publisher & demo=$$!; \
	trap 'kill $$alerts $$tasks $$iot $$demo 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

test:
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} scripts/setup.sh test
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) -m pytest

lint:
	.venv/bin/lint-imports
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} .venv/bin/mypy .

bench:
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} scripts/setup.sh run
	@scripts/broker.sh start $(IOT_MQTT_PORT) $(BROKER_DIR)
	bench/run.sh

# A longer randomized fuzzing run; its seed is printed so a failure can be replayed: FUZZ_SEED=<n> make fuzz.
fuzz:
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} scripts/setup.sh test
	@seed=$${FUZZ_SEED:-$$(shuf -i 1-2000000000 -n 1)}; echo "fuzzing with FUZZ_SEED=$$seed"; \
	FUZZ_SEED=$$seed FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} DJANGO_DEBUG=$${DJANGO_DEBUG:-1} \
	$(PY) -m pytest tests/security/test_filter_fuzzing.py tests/ogc_api/test_schemathesis.py \
	tests/security/test_api_schemathesis.py -p no:cacheprovider; \
	status=$$?; echo "replay with FUZZ_SEED=$$seed make fuzz"; exit $$status

# A PNG of every public and staff page at 1366x768 and 390x844, in Vietnamese, in var/screenshots/ (not in git):
# the set-up loads the demo province, whose accounts get DEMO_PASSWORD (development only) and sign in.
screenshots:
	@export DJANGO_DEBUG=$${DJANGO_DEBUG:-1} DEMO_PASSWORD=$${DEMO_PASSWORD:-demo-screenshots}; \
	scripts/setup.sh test && $(PY) scripts/screenshots.py

# Past one machine: a primary and a streaming replica cluster (ports 5441/5442), PgBouncer, Redis, two gunicorn nodes
# and two alerts workers on this machine (scripts/topology.sh; tests/topology/). Needs root; about four minutes.
topology:
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} scripts/setup.sh test
	IOC_TOPOLOGY=1 DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) -m pytest tests/topology -p no:cacheprovider

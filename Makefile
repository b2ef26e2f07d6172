# Anju — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PYTEST_ARGS ?= -n 2 -q
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-sqlite test-mariadb test-sdk lint spec migrate seed bench bench-quick clean screenshots

$(VENV)/.runtime: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

migrate: $(VENV)/.runtime
	@mkdir -p instance
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed-demo

## make run: the service on http://127.0.0.1:8000 with demo data, the local WeChat stand-in and
## the outbox worker delivering subscribe messages to it (one worker: SQLite has no SKIP LOCKED).
run: seed
	@$(PY) -m service.wechat.standin --port 8900 & standin=$$!; \
	$(FLASK) outbox run & outbox=$$!; \
	trap "kill $$outbox $$standin 2>/dev/null" EXIT INT TERM; \
	$(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py wsgi:app

## make test: ruff and the import layering (pyproject.toml), then the whole suite on SQLite, then
## again on a throwaway MariaDB, then the SDK checks.
test: lint test-sqlite test-mariadb test-sdk

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

test-sqlite: $(VENV)/.dev
	@echo "=== test suite on SQLite ==="
	env -u TEST_DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

test-mariadb: $(VENV)/.dev
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "=== test suite on $${TEST_DATABASE_URL%%://*} (TEST_DATABASE_URL) ==="; \
	  $(PY) -m pytest $(PYTEST_ARGS); \
	elif $(PY) -m tests.support.mariadb --check; then \
	  echo "=== test suite on a throwaway MariaDB ==="; \
	  $(PY) -m tests.support.mariadb -- $(PY) -m pytest $(PYTEST_ARGS); \
	else \
	  echo "!!! MariaDB run SKIPPED: no MariaDB/MySQL server binary. apt-get install mariadb-server, or set TEST_DATABASE_URL. !!!" >&2; \
	fi

SDK_BUILD := build/sdk
SDK_TS := tests/sdk/ts

$(SDK_TS)/node_modules/.package-lock.json: $(SDK_TS)/package.json $(SDK_TS)/package-lock.json
	cd $(SDK_TS) && npm ci --no-audit --no-fund --ignore-scripts

## make test-sdk: the committed api_specs/openapi.json as SDK users meet it, on SQLite only:
## a generated Python client runs a resident's and a staff member's flow against a live server,
## generated TypeScript types type-check a typed flow, and schemathesis must find 0 failures.
test-sdk: $(VENV)/.dev $(SDK_TS)/node_modules/.package-lock.json
	@echo "=== generated SDKs and schemathesis against a live server (SQLite) ==="
	rm -rf $(SDK_BUILD) && mkdir -p $(SDK_BUILD)/python $(SDK_BUILD)/ts
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/openapi-python-client generate --path api_specs/openapi.json \
	  --config tests/sdk/openapi-python-client.yml --meta none --output-path $(SDK_BUILD)/python/anju_client
	cd $(SDK_TS) && npx --no-install openapi-typescript ../../../api_specs/openapi.json \
	  -o ../../../$(SDK_BUILD)/ts/anju.ts --default-non-nullable=false
	cd $(SDK_TS) && npx --no-install tsc --noEmit -p .
	env -u TEST_DATABASE_URL ANJU_SDK_BUILD=$(SDK_BUILD) $(PY) -m pytest tests/sdk -q -n 0

## make screenshots: the staff console's pictures in the README (docs/console/*.png), taken by
## its browser tests in headless chromium on the demo world.
screenshots: $(VENV)/.dev
	env -u TEST_DATABASE_URL ANJU_SCREENSHOTS=docs/console $(PY) -m pytest tests/console -q -n 0

spec: $(VENV)/.runtime
	$(FLASK) write-spec

bench-quick: $(VENV)/.dev
	$(PY) -m bench.run --quick

bench: $(VENV)/.dev
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache build $(SDK_TS)/node_modules

# Anju — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PYTEST_ARGS ?= -n 2 -q
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-sqlite test-mariadb lint spec migrate seed bench bench-quick clean

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

## make run: the service on http://127.0.0.1:8000 with demo data and the local WeChat stand-in.
run: seed
	@$(PY) -m service.wechat.standin --port 8900 & standin=$$!; \
	trap "kill $$standin 2>/dev/null" EXIT INT TERM; \
	$(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py wsgi:app

## make test: ruff and the import layering (pyproject.toml), then the whole suite on SQLite, then again on a throwaway MariaDB.
test: lint test-sqlite test-mariadb

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

spec: $(VENV)/.runtime
	$(FLASK) write-spec

bench-quick: $(VENV)/.dev
	$(PY) -m bench.run --quick

bench: $(VENV)/.dev
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

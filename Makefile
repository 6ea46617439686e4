# selfassess: `make run` serves the app, `make test` runs every test tier.
# Both do all set-up on a fresh Debian 12 machine (python3 with venv, git,
# make and curl): Debian packages, a virtualenv, front-end assets, the database.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1
PG_SOCKET_DIR ?= /var/run/postgresql
export PG_SOCKET_DIR

# Debian packages: WeasyPrint's Pango and fonts, Chromium (static charts and
# browser tests), Node.js and npm (front-end assets at set-up only).
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 chromium
NODE_PACKAGES := nodejs npm
# Extra packages for the tests: PostgreSQL and Redis servers to test against.
TEST_PACKAGES := postgresql redis-server

.PHONY: help run test install install-test system-packages system-packages-test lock assets services lint security unit integration e2e bench-short bench clean

help:
	@echo "make run    install what is missing, migrate, seed the demo data on first start and serve on http://$(HOST):$(PORT)"
	@echo "make test   install what is missing and run every test tier (lint, unit, integration on SQLite and PostgreSQL, browser)"
	@echo "make lock   refresh requirements/run.txt and requirements/test.txt, the locked versions both install from"

# --- Debian packages -----------------------------------------------------------

# Installs the packages that are missing, with apt-get; where apt-get cannot be
# used (not Debian, or not root and no password-less sudo) it says so in one
# line and stops.
define ensure_packages
	missing=""; \
	for pkg in $(1); do \
	  if [ "$$pkg" = npm ] && command -v npm >/dev/null; then continue; fi; \
	  if [ "$$pkg" = nodejs ] && command -v node >/dev/null; then continue; fi; \
	  dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if ! command -v apt-get >/dev/null; then \
	    echo "selfassess needs these Debian packages, and apt-get is not available here; install their equivalents:$$missing"; exit 1; \
	  elif [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; \
	  else echo "selfassess needs these Debian packages and apt-get needs root: run 'sudo apt-get install$$missing', then make again"; exit 1; fi; \
	  echo "Installing Debian packages:$$missing"; \
	  $$SUDO apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

system-packages:
	@$(call ensure_packages,$(RUN_PACKAGES) $(NODE_PACKAGES))

system-packages-test: system-packages
	@$(call ensure_packages,$(TEST_PACKAGES))

# --- Python ----------------------------------------------------------------------

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Exact versions with hashes from the lock files (made by `make lock`), then
# the project itself, editable and without its dependencies.
$(VENV)/.installed-run: requirements/run.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/run.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-test: requirements/test.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test

# Regenerates both lock files from pyproject.toml against PyPI alone (this
# machine's pip configuration is ignored, so no local index or path gets in),
# for Python 3.11 on Linux; see docs/conventions.md. `make lock LOCK_UPGRADE=`
# keeps the current pins and only adds what pyproject.toml newly asks for.
LOCK_UPGRADE ?= --upgrade
PIP_COMPILE := env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT \
	PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet $(LOCK_UPGRADE) \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: install-test
	$(PIP_COMPILE) --output-file requirements/run.txt pyproject.toml
	$(PIP_COMPILE) --extra test --output-file requirements/test.txt pyproject.toml

# --- Front-end assets (Scottish Government Design System, plotly.js bundle) -------

ASSET_SOURCES := assets/package.json assets/package-lock.json assets/build.mjs $(wildcard assets/src/*)

assets/node_modules/.installed: assets/package.json assets/package-lock.json
	cd assets && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

selfassess/static/dist/manifest.json: assets/node_modules/.installed $(ASSET_SOURCES)
	cd assets && node build.mjs

assets: system-packages selfassess/static/dist/manifest.json

# --- Services for the tests -----------------------------------------------------------

# PostgreSQL: started when installed but stopped; a role for this user and a
# database "test" are created when missing (tests make their own databases).
services: system-packages-test
	@if ! pg_isready -q -h $(PG_SOCKET_DIR); then \
	  echo "Starting PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -n 1) main start; \
	  for i in $$(seq 1 30); do pg_isready -q -h $(PG_SOCKET_DIR) && break; sleep 0.5; done; \
	fi
	@if ! psql -h $(PG_SOCKET_DIR) -d postgres -Atqc 'select 1' >/dev/null 2>&1; then \
	  runuser -u postgres -- createuser --superuser "$$(id -un)"; \
	fi
	@psql -h $(PG_SOCKET_DIR) -d postgres -Atqc "select 1 from pg_database where datname = 'test'" | grep -q 1 || \
	  createdb -h $(PG_SOCKET_DIR) test
	@if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then \
	  echo "Starting Redis"; \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; \
	fi

# --- Running -------------------------------------------------------------------------

run: install assets
	$(BIN)/selfassess db upgrade
	$(BIN)/selfassess demo --if-empty --port $(PORT)
	$(BIN)/selfassess run --host $(HOST) --port $(PORT)

# --- Testing ------------------------------------------------------------------------

# ruff; the import contracts in pyproject.toml (routes, services and the
# pure modules keep to their layers; no import cycles); vulture for dead code
# (vulture_allowlist.py names what frameworks and templates call).
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/vulture

security: install-test
	$(BIN)/bandit -q -c pyproject.toml -r selfassess --severity-level high

unit: install-test
	$(BIN)/pytest tests/unit -n 2 --junitxml=test-results/unit.xml

# Every integration test runs on SQLite and on PostgreSQL.
integration: install-test assets services
	$(BIN)/pytest tests/integration -n 2 --junitxml=test-results/integration.xml

e2e: install-test assets
	$(BIN)/pytest tests/e2e --junitxml=test-results/e2e.xml

# The short form of bench/nothing_lost.py: no saved answer is lost with 100
# people saving at once, a worker killed mid-save, or the database gone for 10 s.
bench-short: install-test assets services
	$(BIN)/python -m bench.nothing_lost --short

test: install-test assets services lint security unit integration e2e bench-short
	@echo "All test tiers passed."

# The full benchmarks (each prints its figures; see the README).
bench: install-test assets services
	$(BIN)/python -m bench.load
	$(BIN)/python -m bench.nothing_lost
	$(BIN)/python -m bench.page_weight
	$(BIN)/python -m bench.report_speed

clean:
	rm -rf $(VENV) assets/node_modules selfassess/static/dist test-results

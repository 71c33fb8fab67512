# wfstudio — everything a fresh machine needs is installed by these targets.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 3000

# Reflex must not call the internet (telemetry, version check, npm mirror probing).
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export NPM_CONFIG_REGISTRY := $(shell npm config get registry 2>/dev/null)

.PHONY: help install bun chromium postgres run test lint typecheck unit e2e schema clean

# The PostgreSQL variants of the database tests run when Debian's server binaries exist.
PG_AVAILABLE = $(shell ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && echo 1 || echo 0)

help:
	@echo "make run   - install everything, then start the studio on http://localhost:$(PORT)"
	@echo "make test  - install everything, then run ruff, mypy and the whole test suite"

$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# Reflex needs bun >= 1.4.4; left alone it would download it, which fails offline.
bun:
	@command -v bun >/dev/null || npm install -g bun

# Playwright cannot download its own browser here: Debian's Chromium is used instead.
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

# Debian's PostgreSQL for the tests' throwaway servers; without it those tests are skipped.
postgres:
	@ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || \
		(apt-get update -qq && apt-get install -y -qq postgresql) || \
		echo "PostgreSQL could not be installed: its test variants will be skipped"

install: $(BIN)/.installed bun

# The app's bytecode is compiled first, as an installed package has it: a faster start.
run: install
	$(BIN)/python -m compileall -q wfstudio
	$(BIN)/wfstudio demo
	$(BIN)/reflex run --env prod --frontend-port $(PORT) --backend-port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

unit: install
	WFSTUDIO_TEST_POSTGRES=$(PG_AVAILABLE) $(BIN)/pytest -q -m "not e2e"

e2e: install chromium
	$(BIN)/pytest -q -m e2e

test: install chromium postgres lint typecheck
	WFSTUDIO_TEST_POSTGRES=$(PG_AVAILABLE) $(BIN)/pytest -q

schema: install
	$(BIN)/python -m wfstudio.domain.codec

clean:
	rm -rf $(VENV) .web .mypy_cache .ruff_cache

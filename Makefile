# Two commands work on a fresh machine: `make build` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BRIEFING := $(BIN)/briefing
# A failed check prints its own problems last, without make's "*** Error" line (see .ci/quietly).
QUIETLY := $(dir $(abspath $(lastword $(MAKEFILE_LIST)))).ci/quietly

.PHONY: build check serve test test-fast lint typecheck clean audit screenshots bench bench-ingest help

help:
	@echo "make build        set up .venv if needed and build the site into output/"
	@echo "make check        validate all content without writing anything"
	@echo "make serve        build, serve on http://127.0.0.1:8000 and rebuild on change"
	@echo "make test         install test tools (Chromium, npm validators) and run every test"
	@echo "make lint         ruff and mypy"
	@echo "make screenshots  screenshots of every page type into screenshots/"
	@echo "make audit        Lighthouse on the main page types into audit/"
	@echo "make bench        the archive-scale benchmark (docs/PERFORMANCE.md); BENCH_ARGS=\"--sizes 100000\" for other sizes"
	@echo "make bench-ingest extraction scored on ../shared/corpora/articles (docs/INGEST.md)"
	@echo "make clean        remove build products"

$(STAMP): pyproject.toml
	@echo "setting up $(VENV) (about a minute)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

build: $(STAMP)
	@$(QUIETLY) $(BRIEFING) build

check: $(STAMP)
	@$(QUIETLY) $(BRIEFING) check

serve: $(STAMP)
	@$(BRIEFING) serve

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench pelicanconf.py publishconf.py
	$(BIN)/ruff format --check generator tests bench pelicanconf.py publishconf.py
	$(BIN)/mypy

typecheck: lint

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

test: $(STAMP) node_modules/.installed
	bash .ci/ensure-chromium
	$(BIN)/ruff check generator tests bench pelicanconf.py publishconf.py
	$(BIN)/ruff format --check generator tests bench pelicanconf.py publishconf.py
	$(BIN)/mypy
	$(BIN)/pytest -q

test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not browser and not slow"

screenshots: $(STAMP)
	$(BIN)/python -m tests.tools.screenshots

audit: $(STAMP) node_modules/.installed
	$(BIN)/python -m tests.tools.audit

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-ingest: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	mkdir -p bench-results && $(BIN)/python -m bench.ingest | tee bench-results/ingest.txt

clean:
	rm -rf output .output.* cache screenshots audit bench-results .pytest_cache .mypy_cache .ruff_cache
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -not -path './node_modules/*' -exec rm -rf {} +

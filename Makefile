# Two commands do all the set-up on a fresh machine:
#   make demo   – virtual environment, torch 2.13.0 (CPU) first, the package, then an audit of the samples
#   make test   – the same environment plus the test extras and Debian's chromium (for the HTML report's
#                 browser test), then `make lint` (ruff, mypy) and every test tier (real models, browser,
#                 notebook and the slow sweeps included)
# Both are idempotent: a second run installs nothing and starts at once.
# Also: `make test-fast` (bare `pytest`: the default fast tier), `make lint`, and `make golden` (regenerate
# tests/golden/ from this tree, or from another checkout with `make golden TREE=/path/to/tree`).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLES := data/samples

.PHONY: demo test test-fast lint golden install test-install browser bench clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# torch first: the pinned CPU wheel. Anything that pulled a newer torch would fetch gigabytes of CUDA.
$(VENV)/.stamp-torch: | $(BIN)/python
	$(BIN)/python -m pip install -q torch==2.13.0
	touch $@

$(VENV)/.stamp-install: pyproject.toml $(VENV)/.stamp-torch
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml $(VENV)/.stamp-install
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# The HTML report is tested in a real headless Chromium: Debian's package, never a downloaded browser.
# Installed once (as root, or through sudo); without it the browser tests say why they skip.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: chromium is not installed and this user cannot install it: the browser tests will skip"; fi; }

install: $(VENV)/.stamp-install
test-install: $(VENV)/.stamp-test

demo: install
	mkdir -p out
	$(BIN)/auditor models list
	$(BIN)/auditor audit $(SAMPLES)/001_0ba629fe7179814c.txt $(SAMPLES)/000_dd4acef3590ed458.txt --no-beads
	$(BIN)/auditor audit $(SAMPLES)/001_0ba629fe7179814c.txt $(SAMPLES)/000_dd4acef3590ed458.txt --format json -o out/audit-001-000.json
	$(BIN)/auditor audit $(SAMPLES)/001_0ba629fe7179814c.txt $(SAMPLES)/000_dd4acef3590ed458.txt --format html -o out/audit-001-000.html
	@echo "JSON report written to out/audit-001-000.json; open out/audit-001-000.html in a browser"

# ruff (pyflakes and syntax errors; no import sorting, no formatting) and mypy over the package
lint: test-install
	$(BIN)/ruff check auditor eval tests
	$(BIN)/mypy auditor

# every tier: -m "" replaces the default tier selection of pyproject's addopts
test: test-install browser lint
	$(BIN)/python -m pytest -q -m ""

test-fast: test-install
	$(BIN)/python -m pytest -q

# the golden CLI outputs (tests/golden/): regenerated in one go, then reviewed as a diff
golden: install
	$(BIN)/python tests/golden/update.py $(if $(TREE),--tree $(TREE))

bench: install
	$(BIN)/python eval/bench_speed.py

clean-venv:
	rm -rf $(VENV)

# Quick start: `make serve` builds and serves the site; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDRESS ?= 127.0.0.1:8000
# Material prints an end-of-life banner on every run; the README's "Dependency risks" section covers it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: install chromium serve build test test-fast validate bench lock schema clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --livereload --dev-addr $(ADDRESS)

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# Browser tests drive Debian's Chromium (a test tool's own browser download cannot work here).
CHROMIUM ?= /usr/bin/chromium
chromium:
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

# The fast tier: the core, the rules, the importer and the command line, without MkDocs builds or a browser.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not build and not browser" --ignore=tests/test_browser.py --ignore=tests/test_build.py

validate: $(STAMP)
	$(BIN)/python -m os2catalogue validate products

bench: $(STAMP)
	$(BIN)/python benchmarks/build_benchmark.py

# Regenerate the editors' JSON Schema after changing the schema or a vocabulary (a test checks it is current).
schema: $(STAMP)
	$(BIN)/python -m os2catalogue schema > schema/product.schema.json

# Re-pin every dependency (with hashes) after editing requirements.in or requirements-build.in; the build lock
# (what the deploy workflow installs) takes its versions from the full one.
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile requirements.in --generate-hashes --python-version 3.11 -o requirements.lock
	$(BIN)/uv pip compile requirements-build.in --generate-hashes --python-version 3.11 -c requirements.lock \
	  -o requirements-build.lock

clean:
	rm -rf site build

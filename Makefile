# The two commands of a fresh machine are `make serve` and `make test`; both
# create .venv and install the project into it first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ADDR   ?= 127.0.0.1:8000

.PHONY: help serve build test typecheck test-newest lock lint schema browser-deps bench bench-quick clean vendor-plotly compiled

help:
	@echo "make serve   set up, build and serve the site from the shipped corpus on http://$(ADDR)"
	@echo "make build   set up and write the static site to site/"
	@echo "make test    set up, check the types and run the whole test suite (installs headless Chromium if missing)"
	@echo "make typecheck  check the types of pmkb and pmkb_mkdocs (mypy --strict, see pyproject.toml)"
	@echo "make lint    lint the shipped post-mortems"
	@echo "make bench   our site against plain MkDocs + Material at 2,000 and 10,000 post-mortems:"
	@echo "             build, search, preview (see benchmarks/README.md); make bench-quick: 200"
	@echo "make lock    refresh requirements.lock from pyproject.toml's version ranges"
	@echo "make test-newest  run the suite on the newest versions pyproject.toml allows"

# Every install comes from the lock file, with hashes: a fresh clone gets exactly the
# versions the suite last passed with, whatever was released since. `make lock`
# refreshes it; CI's "newest" job tests what a refresh would bring.
LOCK       := requirements.lock
UV_VERSION ?= 0.13.9

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# The project's own modules, compiled once rather than on every build: an editable
# install leaves them to the interpreter, which does not keep what it compiles where
# PYTHONDONTWRITEBYTECODE is set (CI runners, container images), and compiling them
# took 0.12 s of CPU at the start of every build. Quick when nothing changed: only edited
# modules compile. Only a saving: where it cannot write, the build compiles as before.
compiled: $(STAMP)
	@$(BIN)/python -m compileall -q plugins domain >/dev/null 2>&1 || true

# Pagefind's binary. PyPI's pagefind-bin lags Pagefind's npm release: 1.6.0 (npm,
# 2026-11-01) scores a query of words found on nearly every page about five times faster
# at 10,000 pages than PyPI's 1.5.2. Where npm is present, that release is installed from
# package-lock.json (hashed, no install scripts) and handed to Pagefind's Python API
# through PAGEFIND_BINARY_PATH, its own setting; without npm, or if the install fails,
# the build uses PyPI's binary: the same site, slower searches for common words (a
# failed install is not retried on every make, which offline would wait on npm each
# time). A PAGEFIND_BINARY_PATH of your own wins. Drop this once PyPI's pagefind-bin reaches
# package.json's version (tests/authoring/test_lock_file.py fails when npm's is older).
NPM_STAMP := node_modules/.installed
$(NPM_STAMP): package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "npm not found: search is indexed with PyPI's Pagefind binary"; \
	elif npm ci --ignore-scripts --no-audit --no-fund --loglevel=error --fetch-retries=1; then \
	  touch $@; \
	else rm -rf node_modules && mkdir node_modules && touch $@; \
	  echo "npm ci failed: search is indexed with PyPI's Pagefind binary;" \
	    "to try again: rm -r node_modules, then make"; fi

SETUP := $(STAMP) $(NPM_STAMP)
# $(shell), not $(wildcard): make caches folders it has read, and npm ci may have just
# made this one.
NPM_PAGEFIND = $(shell ls -d $(CURDIR)/node_modules/@pagefind/*/bin/pagefind_extended \
  $(CURDIR)/node_modules/@pagefind/*/bin/pagefind_extended.exe 2>/dev/null | head -n 1)
WITH_PAGEFIND = $(if $(PAGEFIND_BINARY_PATH),,$(if $(NPM_PAGEFIND),PAGEFIND_BINARY_PATH=$(NPM_PAGEFIND)))

# Resolve pyproject.toml's ranges again, for every platform and Python it allows.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet 'uv==$(UV_VERSION)'
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.10 \
	  --generate-hashes --no-header --upgrade --output-file $(LOCK) --quiet
	@echo "$(LOCK) refreshed: run 'make test', then commit it"

# The suite on the newest versions pyproject.toml allows, in a venv of its own:
# what the next `make lock` would bring, so that drift fails a job, not a fresh clone.
NEWEST := .venv-newest
test-newest: browser-deps
	rm -rf $(NEWEST) && $(PYTHON) -m venv $(NEWEST)
	$(NEWEST)/bin/python -m pip install --quiet --upgrade pip
	$(NEWEST)/bin/python -m pip install --quiet --upgrade -e '.[test]'
	$(NEWEST)/bin/python -m pytest

serve: $(SETUP) compiled
	$(WITH_PAGEFIND) $(BIN)/mkdocs serve --dirty --dev-addr $(ADDR)

build: $(SETUP) compiled
	$(WITH_PAGEFIND) $(BIN)/mkdocs build --strict

lint: $(STAMP)
	$(BIN)/pmkb lint postmortems

schema: $(STAMP)
	$(BIN)/pmkb schema --write

# Browser tests drive Debian's Chromium with Playwright's Python package;
# Playwright's own browser download does not work on a machine without
# internet access, so we never call `playwright install`.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# mypy reads its settings (strict, both source roots) from pyproject.toml.
typecheck: $(STAMP)
	$(BIN)/mypy

# Types first: a type error fails `make test` and CI before the suite's minutes.
test: $(SETUP) browser-deps compiled
	$(BIN)/mypy
	$(WITH_PAGEFIND) $(BIN)/python -m pytest

# Search is timed in Debian's Chromium, so the benchmark needs it as the tests do.
bench: $(SETUP) browser-deps compiled
	$(WITH_PAGEFIND) $(BIN)/python benchmarks/build_benchmark.py

bench-quick: $(SETUP) browser-deps compiled
	$(WITH_PAGEFIND) $(BIN)/python benchmarks/build_benchmark.py --quick

clean:
	rm -rf site .pytest_cache benchmarks/out node_modules

# Refresh the vendored chart library (see plugins/pmkb_mkdocs/assets/vendor/README.md).
PLOTLY_VERSION ?= 4.1.1
VENDOR := plugins/pmkb_mkdocs/assets/vendor
vendor-plotly:
	@tmp=$$(mktemp -d) && cd $$tmp && \
	npm pack --silent plotly.js-cartesian-dist-min@$(PLOTLY_VERSION) >/dev/null && \
	want=$$(npm view plotly.js-cartesian-dist-min@$(PLOTLY_VERSION) dist.integrity) && \
	got="sha512-$$(openssl dgst -sha512 -binary plotly.js-cartesian-dist-min-$(PLOTLY_VERSION).tgz | base64 -w0)" && \
	test "$$want" = "$$got" || { echo "integrity mismatch: $$got != $$want"; exit 1; } ; \
	tar xzf plotly.js-cartesian-dist-min-$(PLOTLY_VERSION).tgz && \
	cp package/plotly-cartesian.min.js $(CURDIR)/$(VENDOR)/ && \
	cp package/LICENSE $(CURDIR)/$(VENDOR)/plotly-cartesian.LICENSE && \
	sha256sum $(CURDIR)/$(VENDOR)/plotly-cartesian.min.js && rm -rf $$tmp

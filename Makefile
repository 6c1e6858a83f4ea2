# The two commands a newcomer needs: `make run` and `make test`. Both build the environment first if missing.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .venv-tools/bin/uv)
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv

.PHONY: run test test-faults ui bench lint env clean-warehouse

env: .venv/.synced

# uv itself comes from PyPI when the machine does not have it.
.venv-tools/bin/uv:
	$(PYTHON) -m venv .venv-tools
	.venv-tools/bin/pip install --quiet uv

# Bytecode is compiled once here: where PYTHONDONTWRITEBYTECODE is set (containers often set it; this machine does)
# Python would otherwise compile every module of Dagster and its kin on every run, seconds of each `make run`.
.venv/.synced: pyproject.toml uv.lock Makefile | $(if $(findstring .venv-tools,$(UV)),.venv-tools/bin/uv)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	.venv/bin/python -m compileall -q pipeline assets newsetl bench
	touch $@

run: env
	.venv/bin/newsetl run

# pytest exits 5 when it collected no tests: both targets say so and fail, never pass having tested nothing.
NO_TESTS = { status=$$?; [ $$status -ne 5 ] || echo "make $@: pytest collected no tests (exit 5): nothing was tested" >&2; exit $$status; }

test: env
	.venv/bin/pytest -m "not faults" -n auto --dist loadfile || $(NO_TESTS)

# Runs killed and signalled for real (tests/test_faults.py): a few minutes, so apart from `make test`.
test-faults: env
	.venv/bin/pytest -m faults || $(NO_TESTS)

# The checkout's Dagster instance (.dagster/, newsetl/instance.py), the one `make run` and `newsetl run` record into.
ui: env
	DAGSTER_HOME="$$(.venv/bin/python -m newsetl.instance)" .venv/bin/dagster dev --host 127.0.0.1 --port 3000 -m assets.definitions

# The whole graph on BBC (or a built corpus, BENCH_ARGS="--documents N"), then ours against the usual tool stack
# on the same texts, then what re-runs cost, then the Reuters tagging check (under a minute). Results in
# bench/results/; the README and docs/performance.md quote them.
bench: env
	.venv/bin/python -m bench $(BENCH_ARGS)
	.venv/bin/python -m bench.reference --runs 3
	.venv/bin/python -m bench.incremental
	.venv/bin/python -m bench.reuters_tags

lint: env
	.venv/bin/ruff check .

clean-warehouse:
	rm -rf warehouse/news.duckdb warehouse/news.duckdb.sha256.json warehouse/snapshots warehouse/raw_store \
	  warehouse/.staging warehouse/.publishing warehouse/.orphaned warehouse/.run.owner warehouse/cache .dagster

# The two commands a newcomer runs are `make run` and `make test` (see README.md).
# Both create .venv and install what they need on first use, and are safe to run again.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
INSTALLED := $(VENV)/.installed

.PHONY: run test install lint format clean bench bench-smoke

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	test -f .env || printf '# Local development only: read by manage.py, git-ignored, never deployed.\nDEBUG=1\n' > .env
	touch $@

install: $(INSTALLED)

## run: migrate, load the seed story into an empty database, serve http://127.0.0.1:$(PORT)
## with a task worker beside the server (bin/run-dev)
run: export DEBUG ?= 1
run: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed_story
	$(PY) manage.py create_demo_accounts
	PYTHON=$(PY) PORT=$(PORT) bin/run-dev

## test: migrations complete, lint, then the whole suite (PostgreSQL when DATABASE_URL says so)
test: $(INSTALLED)
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

lint: $(INSTALLED)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(INSTALLED)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

## bench: fill DATABASE_URL's database with BENCH_STATEMENTS generated statements (rows marked
## demo-; reused when the database already holds that many), serve it with bin/start-web, drive
## it with wrk and write bench/RESULTS.md (docs/scaling.md explains the figures).
## Use a database of its own: DATABASE_URL=postgres://…/factcheck_bench make bench
BENCH_STATEMENTS ?= 200000
BENCH_SECONDS ?= 10
BENCH_LONG_SECONDS ?= 60
BENCH_REPEAT ?= 20
BENCH_OUTPUT ?= bench/RESULTS.md
BENCH_FIGURES ?= bench/generation.json
bench: export SECRET_KEY ?= bench-only-insecure-key-never-used-to-serve-readers
bench: export SITE_URL ?= http://127.0.0.1:8150
bench: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	mkdir -p $(dir $(BENCH_OUTPUT)) $(dir $(BENCH_FIGURES))
	$(PY) manage.py generate_demo_data --statements $(BENCH_STATEMENTS) --reset --reuse \
		--figures $(BENCH_FIGURES)
	$(PY) manage.py bench_site --output $(BENCH_OUTPUT) --seconds $(BENCH_SECONDS) \
		--long-seconds $(BENCH_LONG_SECONDS) --repeat $(BENCH_REPEAT) \
		--generation $(BENCH_FIGURES)

## bench-smoke: a tiny `make bench` for CI, only to prove it works (about a minute); its
## figures go to build/, not to bench/RESULTS.md.
bench-smoke:
	$(MAKE) bench BENCH_STATEMENTS=2000 BENCH_SECONDS=1 BENCH_LONG_SECONDS=2 BENCH_REPEAT=3 \
		BENCH_OUTPUT=build/bench-smoke.md BENCH_FIGURES=build/bench-generation.json

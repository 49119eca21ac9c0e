# The two commands a newcomer runs are `make run` and `make test` (see README.md).
# Both create .venv and install what they need on first use, and are safe to run again.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
INSTALLED := $(VENV)/.installed
# The W3C Nu HTML checker the test suite runs over every page type (npm; runs on Java).
NU_CHECKER := node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: run test install lint format clean bench bench-import

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	test -f .env || printf '# Local development only: read by manage.py, git-ignored, never deployed.\nDEBUG=1\n' > .env
	touch $@

install: $(INSTALLED)

# Only the tests need it: `make run` stays Python-only. The package's postinstall script would
# fetch a Java runtime; Debian's (default-jre-headless) is used instead.
$(NU_CHECKER): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

## run: migrate, load the seed story into an empty database, serve http://127.0.0.1:$(PORT)
## with a task worker beside the server (bin/run-dev)
run: export DEBUG ?= 1
# settings.py builds SITE_URL from PORT when SITE_URL is unset, so links name this server.
run: export PORT := $(PORT)
run: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed_story
	$(PY) manage.py create_demo_accounts
	PYTHON=$(PY) PORT=$(PORT) bin/run-dev

## test: migrations complete, lint, then the whole suite (PostgreSQL when DATABASE_URL says so)
test: $(INSTALLED) $(NU_CHECKER)
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
## demo-, replaced on each run), then time search and the claim page and print the figures.
## Use a database of its own: DATABASE_URL=postgres://…/factcheck_bench make bench
BENCH_STATEMENTS ?= 200000
bench: export SECRET_KEY ?= bench-only-insecure-key-never-used-to-serve-readers
bench: export SITE_URL ?= http://127.0.0.1:8000
bench: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py generate_demo_data --statements $(BENCH_STATEMENTS) --reset
	$(PY) manage.py bench_site

## bench-import: time import_liar on 10,000 generated LIAR rows in DATABASE_URL's database
## (rows marked bench-liar-, removed afterwards). Target: 5,000 statements/s on PostgreSQL.
bench-import: export SECRET_KEY ?= bench-only-insecure-key-never-used-to-serve-readers
bench-import: export SITE_URL ?= http://127.0.0.1:8000
bench-import: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py bench_import --rows 10000

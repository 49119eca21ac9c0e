# The two commands a newcomer runs are `make run` and `make test` (see README.md).
# Both create .venv and install what they need on first use, and are safe to run again.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
INSTALLED := $(VENV)/.installed
# The W3C Nu HTML checker the test suite runs over every page type (npm; runs on Java).
NU_CHECKER := node_modules/vnu-jar/build/dist/vnu.jar

# Every dependency is pinned, with hashes, in the lock files `make lock` writes from
# pyproject.toml: requirements.lock (production, the Dockerfile) and requirements-dev.lock
# (make, CI). After changing dependencies in pyproject.toml, run `make lock` and commit both.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
LINTED := factcheck statements accounts apikeys pages integrations publiccache graph promises

.PHONY: run test install lint format clean bench bench-smoke bench-import lock messages

$(INSTALLED): pyproject.toml $(DEV_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(DEV_LOCK)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@$(PY) -m pip check >/dev/null || { $(PY) -m pip check; \
	  echo "The lock files miss a dependency of pyproject.toml: run make lock."; exit 1; }
	test -f .env || printf '# Local development only: read by manage.py, git-ignored, never deployed.\nDEBUG=1\n' > .env
	touch $@

install: $(INSTALLED)

# The Hindi and Urdu catalogues (docs/site.md "Languages"). The .mo files are committed, so
# `make run` works without gettext; where msgfmt (Debian's gettext) is installed, a .po newer
# than its .mo is compiled again.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
%.mo: %.po
	@if command -v msgfmt >/dev/null; then msgfmt --check -o $@ $<; \
	else echo "msgfmt (Debian's gettext) not found: keeping the committed $@"; fi

## messages: extract every UI string into locale/*/django.po (then translate the new ones)
## and compile the catalogues
messages: $(INSTALLED)
	DEBUG=1 $(PY) manage.py makemessages --locale hi --locale ur --no-obsolete \
		--ignore node_modules --ignore staticfiles --ignore bench --ignore tests --ignore build
	DEBUG=1 $(PY) manage.py compilemessages --locale hi --locale ur --ignore .venv

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
run: $(INSTALLED) $(MO_FILES)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed_story
	$(PY) manage.py create_demo_accounts
	PYTHON=$(PY) PORT=$(PORT) bin/run-dev

## test: migrations complete, lint, then the whole suite (PostgreSQL when DATABASE_URL says so)
test: $(INSTALLED) $(NU_CHECKER) $(MO_FILES)
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest

lint: $(INSTALLED)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m bandit --quiet -c pyproject.toml -r $(LINTED)

## lock: pin every dependency of pyproject.toml, with hashes, for every platform (uv)
UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --quiet --generate-hashes --universal \
	--python-version 3.11
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(UV_COMPILE) -o $(LOCK)
	$(UV_COMPILE) --extra dev -o $(DEV_LOCK)

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
# The port bin/start-web listens on during the run (loopback only).
BENCH_PORT ?= 8150
bench: export SECRET_KEY ?= bench-only-insecure-key-never-used-to-serve-readers
bench: export SITE_URL ?= http://127.0.0.1:$(BENCH_PORT)
bench: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	mkdir -p $(dir $(BENCH_OUTPUT)) $(dir $(BENCH_FIGURES))
	$(PY) manage.py generate_demo_data --statements $(BENCH_STATEMENTS) --reset --reuse \
		--figures $(BENCH_FIGURES)
	$(PY) manage.py bench_site --output $(BENCH_OUTPUT) --seconds $(BENCH_SECONDS) \
		--long-seconds $(BENCH_LONG_SECONDS) --repeat $(BENCH_REPEAT) \
		--generation $(BENCH_FIGURES) --port $(BENCH_PORT)

## bench-smoke: a tiny `make bench` for CI, only to prove it works (about a minute); its
## figures go to build/, not to bench/RESULTS.md.
bench-smoke:
	$(MAKE) bench BENCH_STATEMENTS=2000 BENCH_SECONDS=1 BENCH_LONG_SECONDS=2 BENCH_REPEAT=3 \
		BENCH_OUTPUT=build/bench-smoke.md BENCH_FIGURES=build/bench-generation.json

## bench-import: time import_liar on 10,000 generated LIAR rows in DATABASE_URL's database
## (rows marked bench-liar-, removed afterwards). Target: 5,000 statements/s on PostgreSQL.
bench-import: export SECRET_KEY ?= bench-only-insecure-key-never-used-to-serve-readers
bench-import: export SITE_URL ?= http://127.0.0.1:8000
bench-import: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py bench_import --rows 10000

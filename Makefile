# Tsushinbo — everyday commands. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

PYTHON ?= python3
PORT ?= 8000
WEB_CONCURRENCY ?= 2
ARGS ?=
# PostgreSQL server for `make test-postgres`; the database name gets a unique suffix per run.
PG_SERVER ?= postgres://postgres@127.0.0.1:5432

VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install: reinstall only when the dependencies change.
INSTALLED := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
# The developer's own shell (a sourced .env, say) must not decide which database
# or cache the test suite runs on.
TEST_ENV := env -u DATABASE_URL -u REDIS_URL -u DEBUG -u ALLOWED_HOSTS -u SECURE_SSL \
	-u SECURE_SSL_REDIRECT -u SECURE_HSTS_SECONDS -u STATIC_MANIFEST

# Drops test_<name> (and pytest-xdist's test_<name>_gwN copies) for the URL in argv[1].
drop_test_databases := import sys, psycopg; from psycopg import sql; \
url = sys.argv[1]; base = "test_" + psycopg.conninfo.conninfo_to_dict(url)["dbname"]; \
conn = psycopg.connect(url, dbname="postgres", autocommit=True); \
names = [row[0] for row in conn.execute("SELECT datname FROM pg_database")]; \
[conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))) \
 for name in names if name == base or name.startswith(base + "_gw")]

.PHONY: run install test test-postgres serve lint check-deploy

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

install: $(INSTALLED)

run: $(INSTALLED)
	mkdir -p var
	DEBUG=true $(MANAGE) migrate --noinput
	DEBUG=true $(MANAGE) seed_demo --scale small --seed 1 --if-empty
	DEBUG=true $(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(INSTALLED)
	$(TEST_ENV) $(BIN)/pytest $(ARGS)

# A throwaway database per run: pytest-django creates test_<name> and drops it;
# the trap drops it too when the run is interrupted or crashes.
test-postgres: $(INSTALLED)
	@url="$(or $(PG_URL),$(PG_SERVER)/tsushinbo_$$(date +%Y%m%d%H%M%S)_$$$$)"; \
	drop() { $(BIN)/python -c '$(drop_test_databases)' "$$url"; }; \
	trap drop EXIT; \
	echo "PostgreSQL test run on $$url (the suite uses test_<name>)"; \
	$(TEST_ENV) DATABASE_URL="$$url" $(BIN)/pytest --create-db $(ARGS)

# Production-style on plain HTTP: HTTPS-only flags stay off unless SECURE_SSL is set.
SERVE_ENV := DEBUG=false SECURE_SSL=$${SECURE_SSL:-false} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost}

serve: $(INSTALLED)
	@err=$$($(SERVE_ENV) $(BIN)/python -c 'import tsushinbo.settings' 2>&1) || \
		{ echo "make serve: $$(tail -n 1 <<<"$$err")" >&2; exit 1; }
	mkdir -p var
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/gunicorn tsushinbo.wsgi:application \
		--bind 127.0.0.1:$(PORT) --workers $(WEB_CONCURRENCY) --access-logfile -

lint: $(INSTALLED)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

# `check --deploy` as production would run it; any warning fails.
check-deploy: $(INSTALLED)
	DEBUG=false ALLOWED_HOSTS=tsushinbo.example.jp SECURE_SSL=true \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(MANAGE) check --deploy --fail-level WARNING

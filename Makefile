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

.PHONY: run install test test-postgres serve lint check-deploy worker test-scaleout

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

# `check --deploy` as production would run it; any warning fails. Production
# has Redis (the check does not connect): without it tsushinbo.W001 warns.
check-deploy: $(INSTALLED)
	DEBUG=false ALLOWED_HOSTS=tsushinbo.example.jp SECURE_SSL=true \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(MANAGE) check --deploy --fail-level WARNING

# The background worker (django-tasks' database backend): runs queued tasks such
# as notification e-mails, beside `make run` (DEBUG on, the same database) or, when
# SECRET_KEY is set, beside `make serve`. Production runs it under systemd (docs/deploy.md).
worker: $(INSTALLED)
	DEBUG=$${DEBUG:-$$([ -n "$${SECRET_KEY:-}" ] && echo false || echo true)} \
		$(MANAGE) db_worker

# Two gunicorn servers on one PostgreSQL and Redis (scripts/scaleout_test.py);
# needs both services up. PG_SERVER and SCALEOUT_REDIS_URL choose them.
test-scaleout: $(INSTALLED)
	$(TEST_ENV) PG_SERVER="$(PG_SERVER)" $(BIN)/python scripts/scaleout_test.py

# Performance, load, faults and backups (bench/, docs/performance.md). Bench
# databases live in var/bench/ and in PostgreSQL as tsushinbo_bench_<scale> on
# PG_SERVER; `make bench-clean` removes both. Extra flags go in ARGS, e.g.
# make bench ARGS="--skip-build --duration 15".
.PHONY: bench bench-smoke soak fault-test backup-test bench-clean

bench: $(INSTALLED)
	PG_SERVER=$(PG_SERVER) $(TEST_ENV) $(BIN)/python bench/run.py --scale nation --engine both $(ARGS)

bench-smoke: $(INSTALLED)
	PG_SERVER=$(PG_SERVER) $(TEST_ENV) $(BIN)/python bench/run.py --scale small --engine sqlite --duration 2 --no-docs $(ARGS)

soak: $(INSTALLED)
	PG_SERVER=$(PG_SERVER) $(TEST_ENV) $(BIN)/python bench/soak.py $(ARGS)

fault-test: $(INSTALLED)
	PG_SERVER=$(PG_SERVER) $(TEST_ENV) $(BIN)/python bench/fault.py --engine both $(ARGS)

backup-test: $(INSTALLED)
	PG_SERVER=$(PG_SERVER) $(TEST_ENV) $(BIN)/python bench/backup_test.py --engine both $(ARGS)

bench-clean: $(INSTALLED)
	$(BIN)/python -c 'import sys; sys.path.insert(0, "."); from bench import common; \
	[common.drop_postgres(common.database_url("postgres", s)) for s in ("small", "medium", "large", "nation")]'
	rm -rf var/bench

# Security and browser end-to-end suites (tsushinbo/qa; docs/development.md
# "Security and end-to-end suites"). Screenshots and the XSS summary land in output/e2e/.
QA_TESTS := tsushinbo/qa/tests
.PHONY: test-security test-e2e

test-security: $(INSTALLED) check-deploy
	mkdir -p output/e2e
	$(TEST_ENV) QA_SLOW=1 $(BIN)/pytest -v $(QA_TESTS)/test_headers.py $(QA_TESTS)/test_csrf.py \
		$(QA_TESTS)/test_authorization_matrix.py $(QA_TESTS)/test_vote_floods.py \
		tsushinbo/integrity/tests/test_rate_limits.py $(QA_TESTS)/test_xss.py $(ARGS)
	cat output/e2e/xss-summary.txt

test-e2e: $(INSTALLED)
	mkdir -p output/e2e
	$(TEST_ENV) QA_SLOW=1 $(BIN)/pytest -v $(QA_TESTS)/test_e2e.py $(ARGS)
	ls output/e2e/*.png | wc -l | xargs echo "screenshots in output/e2e/:"

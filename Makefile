# gongkai — the two quick-start commands are `make run` and `make test` (see README).
SHELL := /bin/bash
UV_VERSION := 0.13.9
VENV := .venv
BIN := $(VENV)/bin
SEED := ../shared/seed/xinglong-2023-annual-report.txt
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup run audit-example assets test test-dated test-services check lint typecheck imports pytest redis clean fuzz

## setup: the virtual environment at .venv with the pinned dependencies (uv.lock), compiled
## to bytecode beforehand: where PYTHONDONTWRITEBYTECODE is set, or the files are read-only,
## Python would otherwise compile every module it imports at every start (half of the
## start-up of `gongkai audit`)
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml uv.lock scripts/system-deps.sh
	@scripts/system-deps.sh
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	uv sync --frozen --compile-bytecode --python python3
	@$(BIN)/python -m compileall -q src >/dev/null
	@touch $@

## run: set up, load the demo county 示例县 into the embedded SQLite database, and serve it
run: setup
	$(BIN)/gongkai serve --demo

## audit-example: audit the example county report (exit 1: it has errors, as it should)
audit-example: setup
	@$(BIN)/gongkai audit $(SEED); status=$$?; \
	  if [ $$status -le 1 ]; then echo "gongkai audit finished (exit $$status: 1 means it found errors, as it should here)"; else exit $$status; fi

## test: set up, then lint, type-check, check the import contracts and run the whole test suite
test: setup check pytest

check: lint typecheck imports

lint:
	$(BIN)/ruff check src tests $(wildcard bench) $(wildcard fuzz)
	$(BIN)/ruff format --check src tests $(wildcard bench) $(wildcard fuzz)

typecheck:
	$(BIN)/mypy

imports:
	$(BIN)/lint-imports

# The whole suite on the embedded SQLite default, then the database tests again on
# PostgreSQL (required in CI; elsewhere skipped with a note if no server answers), then
# the tests marked `dated` on the year's other hard days: just before a Spring Festival with
# no official data, and late December. The first run already stands on the default day,
# 2026-12-05 (tests/support.py), December with next year's holidays unannounced.
# The clock is frozen in every run (tests/conftest.py); no test reads the real date.
PG_URL ?= postgres://postgres@127.0.0.1:5432/gongkai
DATED_DAYS ?= 2027-02-03 2027-12-20
# The tests that write, read, serve and back up files (identity documents, letters, imports,
# attachments, jobs' inputs and outputs),
# run again with GONGKAI_STORAGE=s3 (tests/s3_server.py). The tests of the local disk's own
# guarantees (file modes, var/private paths) skip themselves then (support.FILES_ON_S3);
# test_s3_storage.py shows them on S3.
S3_TESTS ?= tests/web/test_s3_storage.py tests/security/test_identity_document.py \
  tests/security/test_letters.py tests/web/test_letters.py tests/web/test_portal.py \
  tests/web/test_import_counts.py tests/web/test_backup.py tests/security/test_import_counts.py \
  tests/security/test_review.py tests/web/test_bulk_audit_jobs.py tests/web/test_rollup_documents_job.py
pytest: redis
	$(BIN)/pytest
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  echo "== tests/web and tests/security on PostgreSQL ($(PG_URL))"; \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest tests/web tests/security; \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL is not running on 127.0.0.1:5432" >&2; exit 1; \
	else echo "NOTE: no PostgreSQL on 127.0.0.1:5432; the PostgreSQL run was skipped"; fi
	@$(MAKE) --no-print-directory test-dated
	@echo "== the file-handling tests with the files on an S3-compatible server (moto, started by the session)"
	GONGKAI_STORAGE=s3 PYTHONPATH=tests $(BIN)/pytest -q -p s3_server $(S3_TESTS)

## test-dated: the tests marked `dated` on each of DATED_DAYS, the days side by side (one
## core each; each run has its own test database, by pid), their outputs printed in order
test-dated:
	@logs=$$(mktemp -d); pids=""; \
	for day in $(DATED_DAYS); do \
	  GONGKAI_TEST_TODAY=$$day $(BIN)/pytest -q -p no:cacheprovider -m dated > $$logs/$$day.log 2>&1 & \
	  pids="$$pids $$!"; \
	done; \
	failed=0; for pid in $$pids; do wait $$pid || failed=1; done; \
	for day in $(DATED_DAYS); do echo "== tests marked dated, on $$day"; cat $$logs/$$day.log; done; \
	rm -rf $$logs; exit $$failed

## test-services: the whole suite on the shared services of a deployment on more than
## one server (docs/deploy.md): the files on an S3-compatible server (moto, started by
## the session: tests/s3_server.py), the cache and the jobs on Redis (database 10, jobs
## on a Celery worker of the session: tests/redis_services.py). Not part of `make test`
## (CI's time); run it after changing anything that touches files, the cache or the jobs.
## The tests with worker processes of their own (test_jobs_celery, on Redis database 8, and
## test_jobs_evaluations_celery, on 12) run too: they point the web's Celery app at their
## database for the test and back, while the session's worker keeps to database 10.
test-services: setup redis
	GONGKAI_STORAGE=s3 PYTHONPATH=tests $(BIN)/pytest -p s3_server -p redis_services

# The Celery tests (tests/web/test_jobs_celery.py) use the local Redis, database 8: start
# it if it is down and the machine has Debian's redis-server (required in CI; elsewhere
# the tests are skipped with the reason if no Redis answers).
redis:
	@if (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then :; \
	elif command -v redis-server >/dev/null 2>&1; then \
	  echo "== starting redis-server on 127.0.0.1:6379"; \
	  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
	    --dir "$${TMPDIR:-/tmp}" --logfile "$${TMPDIR:-/tmp}/gongkai-redis.log"; \
	  for _ in $$(seq 1 30); do (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break; sleep 1; done; \
	elif [ "$$CI" = "true" ]; then echo "Redis is not running on 127.0.0.1:6379" >&2; exit 1; \
	else echo "NOTE: no Redis on 127.0.0.1:6379; the Celery tests will be skipped"; fi

## fuzz: the long fuzzing run (docs/fuzzing.md): atheris, 100,000 inputs per reader
fuzz: setup
	uv sync --frozen --python python3 --group fuzz
	$(BIN)/python fuzz/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache fuzz/corpus fuzz/out

## assets: refresh the vendored front-end assets from the npm registry (package-lock.json)
assets:
	npm ci --no-audit --no-fund
	cp node_modules/echarts/dist/echarts.min.js src/gongkai/assets/echarts.min.js
	cp node_modules/echarts/LICENSE src/gongkai/assets/echarts-LICENSE.txt
	cp node_modules/echarts/NOTICE src/gongkai/assets/echarts-NOTICE.txt

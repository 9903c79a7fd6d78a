# Haru developer commands. Needs only Python 3.11+ and make; everything else is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
PY := $(BIN)/python
UV_VERSION := 0.13.9
SYNCED := $(VENV)/.synced-$(shell cat uv.lock pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON := $(abspath $(BIN)/python)

.PHONY: install run test test-fast test-browser fuzz lint format check bench services-stop messages clean

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	rm -f $(VENV)/.synced-* && touch $@

## install: create .venv and install the locked dependencies
install: $(SYNCED)

## run: migrate, load demo data, then web + Celery worker + beat on http://127.0.0.1:8000
run: install
	@trap '$(PY) -m config.devservices stop' EXIT; \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py seed_demo && \
	$(BIN)/honcho -f Procfile.dev start

## test: the whole suite against real PostgreSQL and Redis (embedded unless named); the API
## fuzz runs on its own (make fuzz)
test: install
	$(BIN)/pytest -m "not fuzz" $(PYTEST_ARGS)

## fuzz: schemathesis over /api/v1/ and allauth's app API, signed in (HARU_FUZZ_EXAMPLES=n)
fuzz: install
	$(BIN)/pytest tests/fuzz -m fuzz -p no:randomly $(PYTEST_ARGS)

## test-fast: everything but the slow and browser tests
test-fast: install
	$(BIN)/pytest -m "not slow and not browser" $(PYTEST_ARGS)

## test-browser: only the headless-Chromium page tests
test-browser: install
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

# mypy's Django plugin loads the settings: name servers so it does not start embedded ones.
TYPECHECK_ENV := DATABASE_URL=postgres://typecheck@localhost/typecheck REDIS_URL=redis://localhost:6379

## lint: ruff, migrations and OpenAPI schema up to date, import layers, mypy on services/selectors
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(BIN)/lint-imports
	$(TYPECHECK_ENV) $(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: throughput and latency benchmarks (see README)
bench: install
	$(PY) -m bench

## messages: rebuild the Korean/English translation catalogues
messages: install
	$(PY) manage.py makemessages -l ko -l en --ignore=.venv --ignore=var --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

## services-stop: stop the embedded PostgreSQL and Redis if anything left them running
services-stop: install
	$(PY) -m config.devservices stop

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

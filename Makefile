# putright: the entry points. POSIX make; `make run` to try it, `make test` before a change.
.POSIX:

PYTHON = python3.11
VENV = .venv
BIN = $(VENV)/bin
PUTRIGHT = $(BIN)/putright
ADDRESS = 127.0.0.1:8000
WORKERS = 3
PYTEST_WORKERS = auto

.PHONY: setup run test bench lint fmt

# The virtual environment (reinstalled when pyproject.toml changes), GOV.UK Frontend from npm
# (reinstalled when package.json or its lock changes) and var/ for the local database and key.
setup: $(VENV)/.installed node_modules/.installed build/putright/govuk.css var

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	touch $@

# GOV.UK Frontend's styles, compiled from its Sass with putright's settings (frontend/govuk.scss).
build/putright/govuk.css: frontend/govuk.scss node_modules/.installed
	mkdir -p build/putright
	node_modules/.bin/sass --no-source-map --style=compressed --quiet-deps --load-path=node_modules frontend/govuk.scss $@

var:
	mkdir -p var

# Migrate, set up the demo organisation and its sign-ins, collect static files, then serve with
# the background worker (mail, the reminder sweep) beside the web server; Ctrl-C stops both.
run: setup
	$(PUTRIGHT) migrate --noinput --verbosity 0
	$(PUTRIGHT) collectstatic --noinput --verbosity 0
	$(PUTRIGHT) demo
	@echo
	@echo "putright is running at http://$(ADDRESS)/staff/ (Ctrl-C to stop)"
	@echo
	$(PUTRIGHT) worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn config.wsgi --bind $(ADDRESS) --workers $(WORKERS) --access-logfile -

# Everything CI runs. SQLite by default; PostgreSQL when DATABASE_URL points at it.
test: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(PUTRIGHT) makemigrations --check --dry-run
	PUTRIGHT_ENV=production PUTRIGHT_ALLOWED_HOSTS=example.org \
	PUTRIGHT_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	$(PUTRIGHT) check --deploy --fail-level WARNING
	$(BIN)/pytest -n $(PYTEST_WORKERS)

# The deadline engine; then the case pages, and the figures (`putright kpis`) and the annual
# report, at 100,000 and 1,000,000 complaints, on PostgreSQL only (PUTRIGHT_BENCH_DATABASE_URL,
# else DATABASE_URL): about fifteen minutes when it builds its databases.
bench: setup
	$(BIN)/python bench/run.py
	@url="$${PUTRIGHT_BENCH_DATABASE_URL:-$$DATABASE_URL}"; \
	case "$$url" in \
	postgres://*|postgresql://*|pgsql://*) $(BIN)/python bench/cases.py && $(BIN)/python bench/kpis.py ;; \
	*) echo "Case pages benchmark skipped: set PUTRIGHT_BENCH_DATABASE_URL or DATABASE_URL to a postgres:// URL." ;; \
	esac

lint: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

fmt: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

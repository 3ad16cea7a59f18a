# The two commands of the README's Quick start are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export FLASK_APP := wsgi.py

.PHONY: run install translations db demo test lint security audit browser extract-messages update-messages check-migrations

## Install everything, migrate the SQLite database, load the 2019 demo meeting and serve it.
run: install db demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

install: $(VENV)/.installed translations

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

## Compiled catalogues (.mo) are built here, never committed.
translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d translations --statistics 2>&1 | grep -v '^$$' || true
	@test -f translations/sw/LC_MESSAGES/messages.mo

db: install
	$(BIN)/flask db upgrade

demo: db
	$(BIN)/flask seed-demo

## The whole test suite (browser journeys need Debian's chromium: see `browser`): the tests
## that share no database server run on every core (pytest-xdist); the database-sensitive ones
## (locking, concurrency, migrations; also on PostgreSQL with TEST_DATABASE_URL) run after, one
## at a time, since they drop and create the tables of that one database.
test: install browser
	$(BIN)/python -m pytest -n auto -m "not database"
	$(BIN)/python -m pytest -m database

## Style and static checks (ruff: pycodestyle, pyflakes, import order; settings in pyproject.toml).
lint: install
	$(BIN)/ruff check .

## Security checks: bandit on the app (settings and skipped rules in pyproject.toml). CI runs it.
security: install
	$(BIN)/bandit -q -r eventapp -c pyproject.toml

## Known vulnerabilities in the pinned requirements (pip-audit against PyPI's vulnerability data;
## --strict: a package it cannot audit fails too). Needs PyPI's per-release data, which the CI
## machine's package mirror does not serve (every package answers "not found"), so CI cannot
## run it; run it where PyPI itself is reachable, and before every deployment.
audit: install
	$(BIN)/pip-audit --strict --progress-spinner off -r requirements.txt -r requirements-dev.txt

## Debian's chromium for the Playwright tests (Playwright's own browser download does not work
## here) and poppler-utils (pdftotext, pdfinfo) for reading the generated PDFs in tests.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftotext ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null) \
	      || echo "Could not install chromium and poppler-utils: the browser and PDF layout tests will fail."; \
	  else echo "Install Debian's chromium and poppler-utils (sudo apt-get install chromium poppler-utils): the browser and PDF layout tests need them."; fi; \
	fi

## Translators: refresh the catalogue after changing visible strings.
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output .
update-messages: extract-messages
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

## A fresh database upgraded through every migration matches the models (no drift).
check-migrations: install
	rm -f /tmp/eventapp-migrations.sqlite
	DATABASE_URL=sqlite:////tmp/eventapp-migrations.sqlite $(BIN)/flask db upgrade
	DATABASE_URL=sqlite:////tmp/eventapp-migrations.sqlite $(BIN)/flask db check

# Liguilla: `make run` sets everything up and serves http://127.0.0.1:8000; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
SEASON_FILES := data/2011-apertura-liguilla.txt

.PHONY: run test lint format setup migrate import messages static clean backup restore

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

setup: $(BIN)/activate messages static

# whitenoise serves the collected files (the site needs no CDN).
static: $(BIN)/activate
	$(PY) manage.py collectstatic --noinput -v 0

messages: $(BIN)/activate
	@if [ -d locale ]; then $(PY) manage.py compilemessages --ignore=.venv -v 0; fi

migrate: setup
	$(PY) manage.py migrate --noinput -v 0

import: migrate
	@if $(PY) manage.py help import_season >/dev/null 2>&1; then \
		$(PY) manage.py import_season $(SEASON_FILES); \
	fi

run: import
	$(PY) manage.py runserver 127.0.0.1:8000

PYTEST_ARGS ?= -n auto

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The whole database (docs/security.md): `make backup` writes backups/liguilla-DATE.backup;
# `make restore FILE=backups/liguilla-2026-11-25.backup` replaces everything with it.
BACKUP_DIR ?= backups
backup:
	mkdir -p $(BACKUP_DIR)
	$(PY) manage.py backup $(BACKUP_DIR)/liguilla-$$(date +%Y-%m-%d-%H%M).backup

restore:
	@test -n "$(FILE)" || { echo "usage: make restore FILE=path/to/backup"; exit 2; }
	$(PY) manage.py restore $(FILE)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

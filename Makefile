# Liguilla: `make run` sets everything up and serves http://127.0.0.1:8000; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
SEASON_FILES := data/2011-apertura-liguilla.txt
# openfootball's Liga MX and Liga de Expansión MX, 2010-11 to 2024-25 (verbatim, public
# domain). The files hold a few plain mistakes (a shoot-out written 4-4, seeds the
# regular-season results do not give): each is a warning and the file's facts are kept.
FOOTBALL_TXT := data/openfootball-mexico

.PHONY: run test lint format setup migrate import messages static clean

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
		$(PY) manage.py import_season $(FOOTBALL_TXT) --accept-mismatch --progress -v 0; \
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

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# Liguilla: `make run` sets everything up and serves http://127.0.0.1:8000 (debug on);
# `make test` runs the suite; `make serve` runs gunicorn with the production settings
# (the environment of README "Deploying"); `make bench` measures it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
SEASON_FILES := data/2011-apertura-liguilla.txt
# openfootball's Liga MX and Liga de Expansión MX, 2010-11 to 2024-25 (verbatim, public
# domain). The files' known mistakes (a shoot-out written 4-4) are corrected from
# data/corrections.toml, each a warning; the rest (seeds the regular-season results do not
# give) are warnings too, and the file's facts are kept.
FOOTBALL_TXT := data/openfootball-mexico

.PHONY: run serve bench test lint format setup migrate import messages static clean backup restore

# Production is the default when DJANGO_DEBUG is unset; the development targets ask for
# debug (an explicit DJANGO_DEBUG in the environment wins). `make serve` does not.
DEV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

$(BIN)/activate: requirements.txt requirements-dev.txt
	@# PyICU builds against the system's ICU (README "Dependencies"): install its headers
	@# when missing and this is a Debian machine run as root, or say what to install.
	@if ! pkg-config --exists icu-i18n 2>/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing ICU's headers for PyICU (libicu-dev pkg-config)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config >/dev/null; \
		else \
			echo "PyICU needs ICU's headers: apt-get install libicu-dev pkg-config (README)"; exit 1; \
		fi; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

setup: $(BIN)/activate messages static

# whitenoise serves the collected files (the site needs no CDN).
static: $(BIN)/activate
	$(DEV) $(PY) manage.py collectstatic --noinput -v 0

messages: $(BIN)/activate
	@if [ -d locale ]; then $(DEV) $(PY) manage.py compilemessages --ignore=.venv -v 0; fi

migrate: setup
	$(DEV) $(PY) manage.py migrate --noinput -v 0

import: migrate
	@if $(DEV) $(PY) manage.py help import_season >/dev/null 2>&1; then \
		$(DEV) $(PY) manage.py import_season $(SEASON_FILES); \
		$(DEV) $(PY) manage.py import_season $(FOOTBALL_TXT) --progress -v 0; \
		$(DEV) $(PY) manage.py load_nicknames; \
		$(DEV) $(PY) manage.py load_titles; \
	fi

run: import
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

# gunicorn with the production settings: workers from WEB_CONCURRENCY (default
# 2 × cores + 1), GUNICORN_THREADS threads each (default 1: sync workers), bound to BIND. Run migrate and collectstatic once per release
# (README "Deploying"); static files are served by WhiteNoise from STATIC_ROOT.
# With REDIS_URL, the worker that renders again in the background the pages each write
# touched (tournaments/rerender.py) runs beside gunicorn and is stopped when gunicorn
# exits; in production it is a second process of its own (README "Deploying"). It runs
# at a lower priority (nice 10) than gunicorn: visitors' requests first.
BIND ?= 127.0.0.1:8000
serve: setup
	@worker=; \
	if [ -n "$${REDIS_URL:-}" ]; then \
		nice -n 10 $(PY) manage.py rerender_worker -v 0 & worker=$$!; \
	fi; \
	trap '[ -z "$$worker" ] || kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn liguilla.wsgi --bind $(BIND) --workers $${WEB_CONCURRENCY:-$$(( $$(nproc) * 2 + 1 ))} \
		--threads $${GUNICORN_THREADS:-1} \
		--max-requests 5000 --max-requests-jitter 500 --timeout 30 --graceful-timeout 20 \
		--forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

# Throughput on PostgreSQL with the production settings (bench/run.sh), a match night on
# the whole bundle with writes every 2 s and the background render worker
# (bench/matchnight.sh), then the import of the whole openfootball bundle into an empty
# database (bench/import_bundle.sh); figures in docs/performance.md.
bench: setup
	bench/run.sh
	bench/matchnight.sh
	$(DEV) DATABASE_URL=$${BENCH_IMPORT_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/liguilla_bench_import} \
		bench/import_bundle.sh

PYTEST_ARGS ?= -n auto --dist worksteal

test: setup
	$(DEV) $(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The whole database but its sessions (docs/security.md): `make backup` writes
# backups/liguilla-DATE.backup, readable by its owner only;
# `make restore FILE=backups/liguilla-2026-11-25.backup` replaces everything with it.
BACKUP_DIR ?= backups
backup:
	mkdir -p -m 700 $(BACKUP_DIR)
	$(PY) manage.py backup $(BACKUP_DIR)/liguilla-$$(date +%Y-%m-%d-%H%M).backup

restore:
	@test -n "$(FILE)" || { echo "usage: make restore FILE=path/to/backup"; exit 2; }
	$(PY) manage.py restore $(FILE)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

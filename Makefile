# Two entry points for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: install run worker test test-e2e lint typecheck format migrate demo messages pdf-libs browser validator clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
	@if command -v msgfmt >/dev/null 2>&1; then $(PY) manage.py compilemessages --ignore=.venv -v0; \
	else echo "msgfmt (gettext) not found: using the compiled Swedish catalog in locale/"; fi

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo --papers

## Install, migrate, load reference and demo data, start the worker and http://$(HOST)
# The background worker (e-mail, the daily reminders, which it is first given) runs
# beside the web server and stops with it.
run: pdf-libs demo
	@echo "Beslutsregistret: http://$(HOST)  (create a login: $(PY) manage.py createsuperuser)"
	@export SITE_URL=http://$(HOST); \
	$(PY) manage.py schedule_reminders; \
	$(PY) manage.py db_worker --interval 1 --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

## The background worker alone (e-mail, the daily reminders), for a second terminal
worker: migrate
	$(PY) manage.py schedule_reminders
	SITE_URL=http://$(HOST) $(PY) manage.py db_worker

PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core hunspell-sv
APT_GET := $(if $(filter 0,$(shell id -u)),apt-get,sudo apt-get)

## Pango and fonts for the PDFs of minutes and notices (WeasyPrint), and the Swedish
## dictionary that tells a word broken at a line end of an imported PDF from a hyphenated one
pdf-libs:
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { \
	  $(APT_GET) update -qq && $(APT_GET) install -y -qq $(PDF_PACKAGES); }

## Debian's Chromium for the browser journeys (never a downloaded browser build)
browser: pdf-libs
	@dpkg -s chromium >/dev/null 2>&1 || { \
	  $(APT_GET) update -qq && $(APT_GET) install -y -qq chromium; }

VNU_VERSION := 26.9.27
VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar

## The Nu HTML checker (vnu-jar from npm, run with Java) that the accessibility journey
## runs over the pages it visits
validator: $(VNU_JAR)
$(VNU_JAR):
	@command -v java >/dev/null 2>&1 || { \
	  $(APT_GET) update -qq && $(APT_GET) install -y -qq default-jre-headless; }
	mkdir -p .tools
	cd .tools && npm install --no-save --no-audit --no-fund --loglevel=error vnu-jar@$(VNU_VERSION)

## Install and run every test (unit, database, browser) on the database in DATABASE_URL (default SQLite),
## one test process per core (at most four), each on a test database of its own
test: install browser validator
	@$(PY) -m pytest -n auto --maxprocesses=4 --dist loadgroup; rc=$$?; \
	if [ $$rc = 5 ]; then echo "No tests were collected: that is a failure, not a pass." >&2; fi; \
	exit $$rc

test-e2e: install browser validator
	$(PY) -m pytest -m e2e

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

## Type-check the services and models of the domain apps (mypy with django-stubs; the
## files are listed in pyproject.toml)
typecheck: install
	$(PY) -m mypy

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

## Refresh the Swedish catalog after adding strings (then translate and `make install`)
messages: install
	$(PY) manage.py makemessages -l sv --ignore=.venv --ignore=staticfiles

clean:
	rm -rf $(VENV) .tools db.sqlite3 .test-db.sqlite3 staticfiles

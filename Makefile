# The two commands the README promises: `make run` and `make test`. Both build .venv
# from nothing, so a fresh clone on a new machine needs only Python 3.11.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
TEST_SETTINGS := nipa_reviews.settings_test

.PHONY: run test lint migrations-check install install-dev collectstatic clean bench worker fonts messages

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python requirements.txt
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The English UI (locale/en): each .mo is built from its .po by GNU gettext's msgfmt (what
# `manage.py compilemessages` runs), never committed, so branches merge the text alone.
# On Debian, as root, make installs gettext when msgfmt is missing.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
%.mo: %.po
	@command -v msgfmt >/dev/null || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; } || true
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: install GNU gettext (Debian: apt-get install gettext)" >&2; exit 1; }
	msgfmt --check-format -o $@ $<
messages: $(MO_FILES)

# Written once, by the first `make run` or `make worker` (git-ignored): debug on and a new
# secret key. settings.py reads it, so manage.py in another shell has the same settings.
.env:
	umask 077 && $(PYTHON) -c 'import secrets; print("# Written by make: settings.py reads it; real environment variables win.\nDJANGO_DEBUG=1\nDJANGO_SECRET_KEY=" + secrets.token_urlsafe(50))' > $@.tmp
	mv $@.tmp $@

# Development server with debug on and the demo data loaded (idempotent).
run: export DJANGO_DEBUG ?= 1
run: install .env messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# A Celery worker with beat in one process (README, Background jobs): needs a broker in
# REDIS_URL or CELERY_BROKER_URL, from the environment or .env.
worker: install .env messages
	$(VENV)/bin/celery -A nipa_reviews worker --beat --loglevel INFO

# Style, then the layers contract in pyproject.toml (dependencies run one way).
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

migrations-check: install-dev
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(PY) manage.py makemigrations --check --dry-run

# Lint, the migrations check, then every test (PostgreSQL when DATABASE_URL says so).
test: lint migrations-check messages
	$(VENV)/bin/pytest

collectstatic: install
	$(PY) manage.py collectstatic --noinput

# Load test at full size in PostgreSQL and Redis with wrk, as root like .ci/run; writes
# bench/results.md (bench/README.md).
bench: install
	bash bench/run.sh

# Re-cuts the vendored Pretendard (static/fonts/, static/css/fonts.css, and the link-preview
# images' nipa_reviews/site/fonts/pretendard-og.woff2) from its npm package.
# Run it after adding text whose syllables the core font lacks: such text still shows, but its
# page then loads a chunk of the font as well (nipa_reviews/site/management/commands/subset_fonts.py).
PRETENDARD := 1.3.9
fonts: install-dev .env
	rm -rf .fonts-tmp && mkdir .fonts-tmp
	cd .fonts-tmp && npm pack --silent pretendard@$(PRETENDARD) && tar xzf pretendard-$(PRETENDARD).tgz
	$(PY) manage.py subset_fonts .fonts-tmp/package
	rm -rf .fonts-tmp

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache $(MO_FILES)

# The project's commands. `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed-stamp

.PHONY: run test lint format check messages system demo clean

# These commands run the development settings (the embedded PostgreSQL, plain HTTP); without
# DJANGO_DEBUG=true the settings are production's and refuse to start without their variables.
run test check: export DJANGO_DEBUG = true

# Reinstall only when the dependencies change.
$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

messages: $(INSTALLED)
	@$(PY) scripts/compile_messages.py

# The worker runs the background tasks (emails, staff notices, scheduled jobs) beside the web
# server. Ctrl-C stops both; so does the web server stopping.
run: $(INSTALLED) messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

# Debian packages the tests need, as "command:package" pairs, installed when missing.
SYSTEM_PACKAGES := chromium:chromium redis-server:redis-server java:default-jre-headless

system:
	@scripts/ensure_debian_packages.sh $(SYSTEM_PACKAGES)

# Lint and system checks first, so CI (which runs `make test`) enforces them too.
test: lint check system
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(INSTALLED) messages
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .pgdata staticfiles *.egg-info

# The project's commands. `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed-stamp

.PHONY: run test test-fast lint format check messages system demo clean lock

# These commands run the development settings (the embedded PostgreSQL, plain HTTP); without
# DJANGO_DEBUG=true the settings are production's and refuse to start without their variables.
run test test-fast check: export DJANGO_DEBUG = true

# Reinstall only when the dependencies change: the exact versions of requirements-dev.lock, then
# the project itself. A lock that no longer satisfies pyproject.toml stops here (run `make lock`).
$(INSTALLED): pyproject.toml requirements-dev.lock requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(PY) scripts/check_lock.py
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# Write both lock files from pyproject.toml, for every platform and Python 3.11 on. Versions
# already pinned are kept while they still fit; `make lock LOCK_ARGS=--upgrade` takes the newest.
# The production lock is held to the development lock's versions, so deployments run what the
# tests ran.
LOCK := $(VENV)/bin/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock" $(LOCK_ARGS)

lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet --disable-pip-version-check uv
	$(LOCK) --extra dev --output-file requirements-dev.lock
	$(LOCK) --constraint requirements-dev.lock --output-file requirements.lock

messages: $(INSTALLED)
	@$(PY) scripts/compile_messages.py

# Each app loads its own demo data; the staff accounts come first, as the reports are worked by them.
DEMO_COMMANDS := load_demo_staff load_demo_metrics load_demo_reports

# The worker runs the background tasks (emails, staff notices, scheduled jobs) beside the web
# server. Ctrl-C stops both; so does the web server stopping.
run: $(INSTALLED) messages
	$(PY) manage.py migrate --noinput
	@for command in $(DEMO_COMMANDS); do $(PY) manage.py $$command || exit 1; done
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

# Debian packages the tests need, as "command:package" pairs, installed when missing.
SYSTEM_PACKAGES := chromium:chromium redis-server:redis-server java:default-jre-headless nginx:nginx \
	systemd-analyze:systemd

system:
	@scripts/ensure_debian_packages.sh $(SYSTEM_PACKAGES)

# Lint and system checks first, so CI (which runs `make test`) enforces them too.
test: lint check system
	$(PY) -m pytest -n 2 --dist worksteal $(PYTEST_ARGS)

# The quick loop while working: no browser, no test that starts a process of its own and none
# that commits for real (nine tests in ten run), a tenth of the property-based examples, and each
# process's database copied from one migrated once (tests/template_database.py): 3 min 18 s of
# tests on two cores (7 December 2026), after about 90 s to migrate the copy when the migrations
# changed. CI runs `make test`.
test-fast: $(INSTALLED) messages
	@template=$$($(PY) -m tests.template_database) && \
	HYPOTHESIS_PROFILE=quick TEST_DATABASE_TEMPLATE=$$template \
	$(PY) -m pytest -n 2 --dist worksteal -m "not browser and not process and not commits" $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(INSTALLED) messages
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .pgdata staticfiles *.egg-info

import email
import os
import shutil
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.signals import setting_changed
from django.test import Client
from hypothesis import settings as hypothesis_settings

from accounts.roles import OPI_STAFF, REPORT_TAKERS, SUPERVISORS
from harness.servers import free_port
from harness.staff import make_totp_device, sign_in, totp_code
from tests.config.services import require_command
from tests.factories import make_staff, make_user

CHROMIUM = shutil.which("chromium")

# Examples per property-based test, unless a test names its own count: 50 in the suite, a tenth
# of that in `make test-fast` (HYPOTHESIS_PROFILE=quick), the loop that must stay under a minute.
hypothesis_settings.register_profile("suite", max_examples=50)
hypothesis_settings.register_profile("quick", max_examples=5)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


@pytest.fixture(scope="session", autouse=True)
def _test_settings(tmp_path_factory):
    """Settings for the whole run, applied before the live server is built."""
    from django.conf import settings

    # Tests do not run collectstatic: static files are served from the tree, uploads go to a
    # temporary folder.
    settings.STORAGES = {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.mktemp("media")},
        },
        "import_export": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.mktemp("import-previews")},
        },
    }
    # Model file fields look up the default storage when the models load, before this runs:
    # without the signal they keep the checkout's media/ folder and the manifest storage.
    setting_changed.send(sender=None, setting="STORAGES", value=settings.STORAGES, enter=True)
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background tasks run at once, in the process that queues them (after the commit, as
    # services queue them); tests/config/test_tasks.py uses the database backend and its worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)

    # Text messages are kept in reporting.sms.outbox, as emails in mail.outbox.
    settings.SMS_BACKEND = "reporting.sms.LocmemBackend"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """`make test-fast` names a migrated database to copy, rather than migrating one per process
    (tests/template_database.py)."""
    from django.conf import settings

    template = os.environ.get("TEST_DATABASE_TEMPLATE")
    if template:
        settings.DATABASES["default"]["TEST"]["TEMPLATE"] = template


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Browser tests run with `serialized_rollback`: after each, the content the data migrations
    made (roles, pilots, public pages) is restored from a copy taken when the database was built.
    The copy leaves out the history tables: they are append-only, and restoring the content writes
    their rows again through the history triggers. The translation queue's rows come first.

    The copy is kept on the database backend's class, not on this connection alone: Playwright runs
    the browser tests in a context of their own, where Django opens another connection object."""
    import json

    from django.apps import apps
    from django.db import DEFAULT_DB_ALIAS, connections
    from pghistory.models import Event

    connection = connections[DEFAULT_DB_ALIAS]
    if hasattr(connection, "_test_serialized_contents"):
        history = {model._meta.label_lower for model in apps.get_models() if issubclass(model, Event)}
        with django_db_blocker.unblock():
            rows = json.loads(connection.creation.serialize_db_to_string())
        content = [row for row in rows if row["model"] not in history]
        # The translation queue's rows first: the content restored after them finds them there,
        # and its trigger leaves them as they were (publicsite.translation_queue).
        content.sort(key=lambda row: row["model"] != "publicsite.translationstatus")
        type(connection)._test_serialized_contents = json.dumps(content)
        del connection._test_serialized_contents
    yield


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections_at_the_end(django_db_setup, django_db_blocker):
    """The live server answers in daemon threads: a request a browser test left running when it
    ended can still hold a connection, and the test database cannot be dropped while one does."""
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


# Personas


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def resident(db):
    """A member of the public with no account: the anonymous client, named for readability."""
    return Client()


def _client_for(user):
    client = Client()
    sign_in(client, user)
    client.user = user
    return client


@pytest.fixture
def opi_staff(db):
    return _client_for(make_staff(OPI_STAFF, username="opi-staff"))


@pytest.fixture
def report_taker(db):
    return _client_for(make_staff(REPORT_TAKERS, username="report-taker"))


@pytest.fixture
def supervisor(db):
    return _client_for(make_staff(SUPERVISORS, username="supervisor"))


@pytest.fixture
def staff_without_group(db):
    return _client_for(make_user(is_staff=True, username="no-group-staff"))


# Browser


@pytest.fixture(scope="session")
def browser():
    require_command("chromium", "Debian's chromium is not installed: browser tests cannot run")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django's ORM calls made by the
    # test itself (not the live server) are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


# What the browser tests saw, for a person to look at: each journey saves the pages it passes
# through, named by what they show, each run writing over the last (the README names the folder).
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-screenshots"


def screenshot(page, name: str) -> None:
    """Save the whole page as `test-screenshots/<name>.png`."""
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def sign_in_page(page, role: str, username: str) -> None:
    """Make a staff member of `role` and sign them in on the browser page: password, then code."""
    device = make_totp_device(make_staff(role, username=username))
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Verify").click()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page as it is now and fail with each violation listed."""

    def check(page):
        results = axe.run(page)
        violations = results.response["violations"]
        assert violations == [], f"axe-core violations on {page.url}:\n{results.generate_report()}"

    return check


def pytest_collection_modifyitems(items):
    # Marked wherever they live, so `make test-fast` leaves them out without each module saying
    # so: a test that opens Chromium, and one that commits for real (the database is emptied
    # after it, about half a second each).
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        database = item.get_closest_marker("django_db")
        if database and database.kwargs.get("transaction"):
            item.add_marker(pytest.mark.commits)


def pytest_terminal_summary(terminalreporter):
    if CHROMIUM is None:
        terminalreporter.write_sep(
            "!", "BROWSER TESTS SKIPPED: chromium is not installed", red=True, bold=True
        )


# publicsite: pages are cached per content version, and a rolled-back test can leave the same
# version number behind with different data, so every test starts with an empty cache.


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


# A request to /so/ or /hmn/ leaves its language active in the thread (LocaleMiddleware does
# not undo it), and modeltranslation then reads and writes that language's columns, so every
# test starts in English.


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


class MailServer:
    """A real SMTP server on localhost (aiosmtpd): while `refusing`, it answers every recipient
    with a temporary failure, as a mail server that is down for maintenance does; then it keeps
    what it is sent."""

    def __init__(self):
        self.refusing = True
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusing:
            return "451 4.3.2 Not accepting mail now, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"


@pytest.fixture
def mail_server(settings):
    server = MailServer()
    controller = Controller(server, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    controller.stop()

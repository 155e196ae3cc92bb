"""The site through a database outage: a real PostgreSQL stopped, started and restarted under a
running app server with production settings.

The test database's server is shared by the suite's parallel workers, so this stops a server of
its own: the embedded PostgreSQL started in a temporary folder, loaded with a dump of the test
database, and controlled with its own pg_ctl.
"""

import json
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.utils import translation
from playwright.sync_api import expect

from config import embedded_postgres
from config.views import bad_request
from harness.servers import production_environment, start_gunicorn
from publicsite.cache import VERSION_SECONDS

ROOT = Path(__file__).resolve().parents[2]
# The fixture copies the test database, which exists only once a test asks for it.
pytestmark = [pytest.mark.process, pytest.mark.django_db]
# Pages the server has not kept in its page cache yet, so they need the database.
UNAVAILABLE = {
    "/glossary/": "The site is unavailable for a moment",
    "/es/": "El sitio no está disponible por un momento",
    "/so/": "Goobtu hadda lama heli karo",
    "/hmn/": "Lub vev xaib tsis ua haujlwm ib pliag",
}


def _bin(name: str) -> str:
    """A client program shipped with the embedded server (pg_dump, pg_restore)."""
    from pgserver._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _conninfo(settings_dict: dict) -> str:
    host = settings_dict["HOST"] or settings_dict["OPTIONS"].get("host", "")
    port = f" port={settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"host={host}{port} user={settings_dict['USER']} dbname={settings_dict['NAME']}"


@pytest.fixture(scope="module")
def outage_server(django_db_setup, tmp_path_factory):
    """A private PostgreSQL holding a copy of the test database, and gunicorn answering from it."""
    # Not under pytest's own temporary folder, which the server's system user may not enter.
    data_dir = Path(tempfile.mkdtemp(prefix="outage-pg-"))
    database = embedded_postgres.server(data_dir)
    app = None
    try:
        source = _conninfo(connection.settings_dict)
        dump = subprocess.run(
            [_bin("pg_dump"), "-Fc", "--no-owner", "-d", source], capture_output=True, check=True
        )
        target = database.get_uri("postgres")
        subprocess.run(
            [_bin("pg_restore"), "--no-owner", "-d", target],
            input=dump.stdout,
            capture_output=True,
            check=True,
        )
        log = tmp_path_factory.mktemp("outage-log") / "app.log"
        env = {
            **production_environment(target),
            "DJANGO_LOG_LEVEL": "INFO",
            "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "EMAIL_URL": "dummymail://",
        }
        with log.open("w") as output:
            app, port = start_gunicorn(env, workers=1, stdout=output, stderr=subprocess.STDOUT)
        yield database, port, log
    finally:
        if app is not None:
            app.terminate()
            app.wait()
        database.cleanup()
        shutil.rmtree(data_dir, ignore_errors=True)


def _session_lost_to_an_outage() -> SessionInterrupted:
    """The error Django's session middleware raises when the database goes away as it saves."""
    try:
        try:
            try:
                raise OperationalError("the database system is shutting down")
            except OperationalError:
                raise UpdateError  # noqa: B904 (raised as Django's session engine raises it)
        except UpdateError:
            raise SessionInterrupted("The request's session was deleted before the request completed.")  # noqa: B904
    except SessionInterrupted as error:
        return error


def test_a_session_the_database_could_not_save_answers_503_not_400():
    with translation.override("so"):
        response = bad_request(RequestFactory().post("/so/report/new/what/"), _session_lost_to_an_outage())

    assert response.status_code == 503
    assert "Goobtu hadda lama heli karo" in response.content.decode()


def test_other_bad_requests_keep_the_400_page():
    response = bad_request(RequestFactory().get("/"), SessionInterrupted("deleted by a concurrent sign-out"))

    assert response.status_code == 400


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, str, float]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    return status, body, time.monotonic() - started


def test_every_page_answers_503_in_its_language_while_the_database_is_down_and_200_after(outage_server):
    database, port, log = outage_server
    assert get(port, "/")[0] == 200

    embedded_postgres.stop(database)
    try:
        bodies = {}
        for path, heading in UNAVAILABLE.items():
            status, bodies[path], seconds = get(port, path)
            assert (status, heading in bodies[path]) == (503, True), bodies[path]
            assert seconds < 5
        # The footer keeps the offices drawn in English before the database stopped.
        assert 'class="tablet:grid-col-6 desktop:grid-col-4 site-contact"' in bodies["/glossary/"]
        assert "Back button" in get(port, "/resources/")[1]
        # A public page already in the page cache is still served: it needs no database, even
        # once the content version the server read has to be read again.
        time.sleep(VERSION_SECONDS + 0.5)
        assert get(port, "/")[0] == 200
        # The admin too: a staff member's session cannot be read.
        status, body, _seconds = get(port, "/admin/", {"Cookie": "sessionid=" + "s" * 32})
        assert status == 503
        assert "The site is unavailable for a moment" in body
    finally:
        embedded_postgres.start(database)

    assert get(port, "/glossary/")[0] == 200
    assert get(port, "/es/")[0] == 200
    lines = log.read_text().splitlines()
    assert "Traceback" not in log.read_text()
    warnings = [json.loads(line) for line in lines if "Database unavailable" in line]
    assert len(warnings) == 6
    assert {entry["level"] for entry in warnings} == {"WARNING"}
    assert all(entry["request_id"] for entry in warnings)


def test_the_503_page_names_the_request_for_support(outage_server):
    database, port, _log = outage_server
    embedded_postgres.stop(database)
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/contact/", headers={"X-Request-ID": "lb-0123456789"}
        )
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(request, timeout=30)  # noqa: S310 (loopback)
    finally:
        embedded_postgres.start(database)

    assert answer.value.code == 503
    assert answer.value.headers["X-Request-ID"] == "lb-0123456789"
    assert answer.value.headers["Retry-After"] == "30"
    assert "lb-0123456789" in answer.value.read().decode()


def test_a_restart_between_requests_goes_unnoticed(outage_server):
    database, port, _log = outage_server
    assert get(port, "/healthz")[0] == 200

    embedded_postgres.restart(database)

    assert get(port, "/healthz")[0] == 200


@pytest.mark.browser
def test_back_from_the_503_page_finds_what_the_resident_typed(outage_server, browser):
    database, port, _log = outage_server
    context = browser.new_context(base_url=f"http://127.0.0.1:{port}", locale="en-US")
    page = context.new_page()
    try:
        page.goto("/report/screening/")
        for question in ["danger", "injury", "weapon", "suspect", "vehicle", "parking", "city_property"]:
            page.locator(f'label[for="id_{question}_1"]').click()
        page.locator('label[for="id_in_minneapolis_0"]').click()
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Where did it happen?").fill("1200 Nicollet Mall")
        page.get_by_label("Tell us what happened, in your own words").fill("My bike was cut from the rack.")

        embedded_postgres.stop(database)
        try:
            page.get_by_role("button", name="Save and continue").click()
            expect(page.get_by_role("heading", name="The site is unavailable for a moment")).to_be_visible()
            page.go_back()
            expect(page.get_by_label("Where did it happen?")).to_have_value("1200 Nicollet Mall")
            expect(page.get_by_label("Tell us what happened, in your own words")).to_have_value(
                "My bike was cut from the rack."
            )
        finally:
            embedded_postgres.start(database)
    finally:
        context.close()

"""Two app servers (gunicorn, production settings) on their own ports, sharing the test database,
Redis and an S3-compatible bucket, as identical servers behind a load balancer do.

A visitor here is one browser: its cookies are the host's, whichever port answers, so it can
move between the servers mid-journey as a load balancer would move it."""

import http.cookiejar
import os
import secrets
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
import redis
from django.apps import apps
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connections

from accounts.roles import OPI_STAFF, REPORT_TAKERS, sync_roles
from core.ratelimit import LIMITS
from harness.answers import ABOUT, ADDRESS, ITEMS, SCREENING_CLEAR, WHAT
from harness.pages import CSRF, REFERENCE, multipart
from harness.servers import free_port, running
from harness.staff import make_totp_device, totp_code
from publicsite.models import GlossaryTerm
from reporting.models import AccessRecord, Report
from tests.config.services import (
    BASE_DIR,
    redis_server,
    s3_client,
    s3_environment,
    s3_server,
)
from tests.factories import make_staff
from tests.reporting.conftest import jpeg_bytes

pytestmark = [pytest.mark.process, pytest.mark.django_db(transaction=True)]

BUCKET = "reports-two-servers"
PASSWORD = "a-long-test-password"


@dataclass
class Shared:
    a: str
    b: str
    redis: redis.Redis
    s3_endpoint: str


def url_of_the_test_database() -> str:
    """DATABASE_URL, naming the test database instead of the development one."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connections["default"].settings_dict["NAME"]))


@contextmanager
def app_server(environment: dict[str, str]):
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    with running(command, port, "gunicorn", env=environment, cwd=BASE_DIR):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def shared(django_db_setup, tmp_path_factory):
    with redis_server() as redis_url, s3_server() as s3_endpoint:
        s3_client(s3_endpoint).create_bucket(Bucket=BUCKET)
        environment = {
            **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            # Plain HTTP on loopback; production's HTTPS would redirect every request.
            "DJANGO_HTTPS": "false",
            "DATABASE_URL": url_of_the_test_database(),
            "CACHE_URL": redis_url,
            **s3_environment(s3_endpoint, BUCKET),
            # The tests run no collectstatic: no manifest of hashed names to look static files up in.
            "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "DJANGO_STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        with app_server(environment) as a, app_server(environment) as b:
            yield Shared(a, b, redis.Redis.from_url(redis_url), s3_endpoint)


@pytest.fixture
def servers(shared):
    """The servers, with an empty cache: every test starts from a flushed database, whose content
    version starts again from where an earlier test's did."""
    shared.redis.flushdb()
    # Another test's flush may have removed the groups the migrations made.
    sync_roles(apps)
    return shared


class Visitor:
    """One browser: cookies for the host whatever the port, redirects followed, CSRF tokens sent."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(
        self, url: str, body: bytes | None = None, content_type: str | None = None
    ) -> tuple[int, str, bytes]:
        request = urllib.request.Request(  # noqa: S310 (the servers this test started)
            url, data=body, headers={"Content-Type": content_type} if body else {}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.url, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.url, error.read()

    def get(self, url: str) -> str:
        status, _url, content = self.open(url)
        assert status == 200, f"GET {url}: {status}"
        return content.decode()

    def submit(self, url: str, fields: dict, photo: bytes | None = None) -> tuple[int, str, str]:
        """Open the form at `url` and post it with these fields (and a photo in its file field)."""
        fields = {**fields, "csrfmiddlewaretoken": CSRF.search(self.get(url)).group(1)}
        if photo is None:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        else:
            body, content_type = multipart(fields, photo)
        status, reached, content = self.open(url, body, content_type)
        return status, reached, content.decode()


def signed_in(role: str, username: str, server: str) -> Visitor:
    """A staff member of `role` signed in on `server` as people do: password, then app code."""
    user = make_staff(role, username=username)
    # The tests' fast hasher is not one the servers' production settings accept.
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    device = make_totp_device(user)
    staff = Visitor()
    status, reached, _page = staff.submit(
        f"{server}/admin/login/?next=/admin/", {"username": username, "password": PASSWORD, "next": "/admin/"}
    )
    assert (status, urlsplit(reached).path) == (200, "/admin/second-factor/")
    status, reached, _page = staff.submit(reached, {"code": totp_code(device)})
    assert (status, urlsplit(reached).path) == (200, "/admin/")
    return staff


def test_a_resident_starts_a_report_on_one_server_and_finishes_it_on_the_other(servers):
    resident = Visitor()
    resident.get(f"{servers.a}/report/")
    status, reached, _page = resident.submit(f"{servers.a}/report/screening/", SCREENING_CLEAR)
    assert (status, urlsplit(reached).path) == (200, "/report/new/what/")
    for step, fields in [("what", WHAT), ("address", ADDRESS), ("items", ITEMS)]:
        status, _reached, _page = resident.submit(
            f"{servers.a}/report/new/{step}/", {**fields, "action": "next"}
        )
        assert status == 200

    # The rest on the other server, photo included.
    photo = jpeg_bytes()
    resident.submit(f"{servers.b}/report/new/files/", {"action": "next"}, photo=photo)
    for step, fields in [("about", ABOUT), ("questions", {"age_range": "prefer_not"})]:
        resident.submit(f"{servers.b}/report/new/{step}/", {**fields, "action": "next"})
    review = resident.get(f"{servers.b}/report/new/review/")
    assert "Blue mountain bike" in review
    assert "My bike was cut from the rack." in review
    status, _reached, done = resident.submit(
        f"{servers.b}/report/new/review/", {"acknowledge": "on", "website": ""}
    )

    assert status == 200
    report = Report.objects.get(reference=REFERENCE.search(done).group(1))
    assert report.narrative == WHAT["narrative"]
    assert report.items.get().description == "Blue mountain bike"
    attachment = report.attachments.get()

    # Staff signed in on one server read the photo from the bucket through the other's audited view.
    report_taker = signed_in(REPORT_TAKERS, "report-taker", servers.a)
    file_view = f"/admin/reporting/report/{report.pk}/file/attachment/{attachment.pk}/original/"
    status, _reached, content = report_taker.open(servers.b + file_view)
    assert (status, content) == (200, photo)
    assert AccessRecord.objects.filter(kind=AccessRecord.Kind.FILE, attachment=attachment).count() == 1
    # Nobody else: not at the bucket's address, not through the view without signing in.
    assert Visitor().open(f"{servers.s3_endpoint}/{BUCKET}/{attachment.original.name}")[0] == 403
    _status, reached, content = Visitor().open(servers.a + file_view)
    assert urlsplit(reached).path == "/admin/login/"
    assert content != photo


def test_an_admin_edit_on_one_server_shows_on_the_others_next_page(servers):
    term = GlossaryTerm.objects.create(term="Crisis team", slug="crisis-team", definition="First words.")
    visitor = Visitor()
    assert "First words." in visitor.get(f"{servers.b}/glossary/")
    cached = servers.redis.keys("*publicsite:*")
    assert cached != []
    hits = servers.redis.info("stats")["keyspace_hits"]
    assert "First words." in visitor.get(f"{servers.a}/glossary/")
    # The first server answered with the page the second one stored.
    assert servers.redis.info("stats")["keyspace_hits"] > hits
    assert servers.redis.keys("*publicsite:*") == cached

    opi_staff = signed_in(OPI_STAFF, "opi-staff", servers.a)
    edit = {"slug": "crisis-team", "is_published": "on", "_save": "Save"}
    for language in ("en", "es", "so", "hmn"):
        edit |= {f"term_{language}": "", f"definition_{language}": ""}
    edit |= {"term_en": "Crisis team", "definition_en": "Second words."}
    status, reached, _page = opi_staff.submit(
        f"{servers.a}/admin/publicsite/glossaryterm/{term.pk}/change/", edit
    )
    assert (status, urlsplit(reached).path) == (200, "/admin/publicsite/glossaryterm/")

    page = visitor.get(f"{servers.b}/glossary/")
    assert "Second words." in page
    assert "First words." not in page


def test_rate_limits_count_requests_to_both_servers(servers):
    limit, seconds = LIMITS["lookup"]
    # Counts start again with each window (core/ratelimit.py): not one ending mid-test.
    left = seconds - time.time() % seconds
    if left < 120:
        time.sleep(left + 1)
    visitor = Visitor()
    look_up = {"reference": "R-2026-999999", "email": "nobody@example.org"}

    for attempt in range(limit):
        server = servers.a if attempt % 2 else servers.b
        status, _reached, page = visitor.submit(f"{server}/report/status/", look_up)
        assert status == 200
        assert "Check your email" in page

    for server in (servers.a, servers.b):
        status, _reached, _page = visitor.submit(f"{server}/report/status/", look_up)
        assert status == 429

"""The shipped nginx site in Debian's real nginx, in front of gunicorn with production settings
on a Unix socket, as the City runs them (harness/proxy.py starts both, on loopback, with only
addresses and paths changed).

A visitor here is one browser speaking HTTPS to nginx: it keeps its cookies and sends the Origin
and Referer a browser sends with a form."""

import http.client
import re
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from accounts.roles import REPORT_TAKERS, sync_roles
from core.ratelimit import LIMITS
from harness.answers import EVERY_STEP, SCREENING_CLEAR, WHAT
from harness.pages import CSRF, REFERENCE, multipart
from harness.proxy import Site, collect_static, environment_behind_nginx, nginx_in_front_of_gunicorn
from harness.staff import make_totp_device, totp_code
from reporting.models import Report
from tests.config.services import require_command
from tests.config.test_services_two_servers import url_of_the_test_database
from tests.factories import make_report, make_staff
from tests.reporting.conftest import jpeg_bytes

pytestmark = pytest.mark.process

PASSWORD = "a-long-test-password"


@pytest.fixture(scope="module")
def site(django_db_setup, tmp_path_factory):
    nginx = require_command("nginx", "Debian's nginx is not installed: the deployment tests cannot run")
    folder = tmp_path_factory.mktemp("deploy")
    environment = environment_behind_nginx(url_of_the_test_database(), folder)
    collect_static(environment)
    with nginx_in_front_of_gunicorn(nginx, folder, environment) as site:
        yield site


@pytest.fixture
def proxied(site, transactional_db):
    """The site, for a test whose data the app servers must see (committed, and flushed after).
    Another test's flush may have removed the groups the migrations made."""
    sync_roles(apps)
    return site


def within_site(location: str) -> str:
    """A redirect's address without its scheme and host."""
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@dataclass
class Answer:
    status: int
    headers: Message
    text: str
    path: str


class Browser:
    """One browser at `source` (any loopback address is a client of its own)."""

    def __init__(self, site: Site, source: str = "127.0.0.1"):
        self.site, self.source = site, source
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        connection = http.client.HTTPSConnection(
            "127.0.0.1",
            self.site.https_port,
            context=self.site.tls,
            source_address=(self.source, 0),
            timeout=60,
        )
        headers = {"Accept-Encoding": "identity", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers.update(Origin=self.site.origin, Referer=self.site.origin + path)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return Answer(response.status, response.headers, text, path)

    def get(self, path: str, **headers) -> Answer:
        """GET `path`, following redirects within the site."""
        answer = self.request("GET", path, headers=headers)
        for _hop in range(5):
            if answer.status not in (301, 302, 303):
                break
            answer = self.request("GET", within_site(answer.headers["Location"]), headers=headers)
        return answer

    def submit(self, path: str, fields: dict, photo: bytes | None = None) -> Answer:
        """Open the form at `path` and post it with these fields, then follow the redirect."""
        answer = self.post(path, fields, self.form_token(path), photo)
        if answer.status in (302, 303):
            return self.get(within_site(answer.headers["Location"]))
        return answer

    def form_token(self, path: str) -> str:
        return CSRF.search(self.get(path).text).group(1)

    def post(self, path: str, fields: dict, token: str, photo: bytes | None = None, **headers) -> Answer:
        fields = {**fields, "csrfmiddlewaretoken": token}
        if photo is None:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        else:
            body, content_type = multipart(fields, photo)
        return self.request("POST", path, body, {**headers, "Content-Type": content_type})


def cached_paths(site: Site) -> list[str]:
    """The addresses of every response in nginx's cache, from the key each cache file starts with."""
    keys = []
    for entry in site.cache.rglob("*"):
        if entry.is_file():
            # The key is scheme, host and address run together (proxy_cache_key).
            key = re.search(rb"\nKEY: https?[^/]*(/[^\n]*)\n", entry.read_bytes()[:4096]).group(1)
            keys.append(urlsplit(key.decode()).path)
    return keys


def answered_by_nginx_cache(browser: Browser, path: str) -> bool:
    return browser.get(path).headers["X-Cache-Status"] == "HIT"


def test_plain_http_is_sent_to_the_same_address_over_https(site):
    connection = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=10)
    connection.request("GET", "/report/?lang=so", headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    connection.close()

    assert response.status == 301
    assert response.headers["Location"] == "https://127.0.0.1/report/?lang=so"


def test_a_resident_files_a_complete_report_through_the_proxy(proxied):
    resident = Browser(proxied)
    start = resident.get("/report/")
    assert start.status == 200
    assert resident.submit("/report/screening/", SCREENING_CLEAR).path == "/report/new/what/"
    for step, fields in EVERY_STEP.items():
        photo = jpeg_bytes() if step == "files" else None
        assert resident.submit(f"/report/new/{step}/", {**fields, "action": "next"}, photo).status == 200
    # The review page previews the resident's report: never kept, never shown to anyone else.
    for _look in range(2):
        review = resident.get("/report/new/review/")
        assert "Blue mountain bike" in review.text
        assert review.headers["X-Cache-Status"] != "HIT"
    assert "Blue mountain bike" not in Browser(proxied).get("/report/new/review/").text

    done = resident.submit("/report/new/review/", {"acknowledge": "on", "website": ""})

    assert done.status == 200
    report = Report.objects.get(reference=REFERENCE.search(done.text).group(1))
    assert report.narrative == WHAT["narrative"]
    assert report.attachments.count() == 1
    assert not [path for path in cached_paths(proxied) if path.startswith("/report/")]


def test_a_body_above_the_cap_is_refused_by_nginx_before_the_app(site):
    connection = http.client.HTTPSConnection("127.0.0.1", site.https_port, context=site.tls, timeout=10)
    connection.putrequest("POST", "/report/new/files/")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(31 * 1024 * 1024 + 1))
    connection.endheaders()  # nginx answers on the length alone: no need to send 31 MB
    response = connection.getresponse()
    connection.close()

    assert response.status == 413
    assert "X-Request-ID" not in response.headers  # the app's own 413 would carry one


def test_rate_limits_count_the_address_nginx_saw_not_a_forged_header(proxied):
    limit, _seconds = LIMITS["pin"]
    fields = {"pin-reference": "R-2026-000123", "pin-pin": "123456"}
    forger, neighbour = Browser(proxied, "127.0.0.1"), Browser(proxied, "127.0.0.2")
    token = forger.form_token("/report/status/")

    statuses = [
        forger.post("/report/status/pin/", fields, token, **{"X-Forwarded-For": f"203.0.113.{n}"}).status
        for n in range(limit + 1)
    ]

    assert statuses == [200] * limit + [429]
    token = neighbour.form_token("/report/status/")
    assert neighbour.post("/report/status/pin/", fields, token).status == 200


def test_static_files_come_from_collectstatic_with_long_lived_caching(site):
    home = Browser(site).get("/").text
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1)

    hashed = Browser(site).get(stylesheet, **{"Accept-Encoding": "gzip"})
    plain = Browser(site).get("/static/css/site.css")

    assert hashed.status == 200
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert hashed.headers["Content-Encoding"] == "gzip"  # whitenoise's .gz copy, as it is
    assert "X-Request-ID" not in hashed.headers  # nginx's file, not the app's
    assert plain.status == 200
    assert plain.headers["Cache-Control"] == "public, max-age=60"


def test_a_public_page_is_answered_from_nginx_cache_the_second_time(site):
    first = Browser(site).get("/glossary/")
    second = Browser(site).get("/glossary/")
    compressed = Browser(site).get("/glossary/", **{"Accept-Encoding": "gzip"})

    assert first.status == second.status == 200
    assert "public" in first.headers["Cache-Control"]
    assert first.headers["X-Cache-Status"] in ("MISS", "EXPIRED")
    assert second.headers["X-Cache-Status"] == "HIT"
    assert second.headers["X-Request-ID"] == first.headers["X-Request-ID"]  # the app saw one request
    assert "Content-Encoding" not in second.headers
    # Kept apart as the app's Vary: Accept-Encoding asks.
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert "/glossary/" in cached_paths(site)


def test_a_residents_status_page_is_never_cached(proxied):
    report, token = make_report()
    resident = Browser(proxied)
    status = resident.submit(f"/report/status/link/{token}/", {})
    assert status.path == f"/report/status/{report.reference}/"
    assert report.narrative in status.text

    again = resident.get(status.path)

    assert report.narrative in again.text
    assert "private" in again.headers["Cache-Control"]
    assert again.headers["X-Cache-Status"] != "HIT"
    assert report.narrative not in Browser(proxied).get(status.path).text
    assert not [path for path in cached_paths(proxied) if path.startswith("/report/")]


def test_the_admin_is_never_cached(proxied):
    user = make_staff(REPORT_TAKERS, username="report-taker")
    # The tests' fast hasher is not one the server's production settings accept.
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    device = make_totp_device(user)
    staff = Browser(proxied)
    signed_in = staff.submit("/admin/login/?next=/admin/", {"username": user.username, "password": PASSWORD})
    assert signed_in.path.startswith("/admin/second-factor/")
    assert staff.submit(signed_in.path, {"code": totp_code(device)}).path == "/admin/"

    again = staff.get("/admin/")

    assert "City staff administration" in again.text
    assert again.headers["X-Cache-Status"] != "HIT"
    anonymous = Browser(proxied).get("/admin/")
    assert anonymous.path.startswith("/admin/login/")
    assert "City staff administration" not in anonymous.text
    assert not [path for path in cached_paths(proxied) if path.startswith("/admin/")]

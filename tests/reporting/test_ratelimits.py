"""Each public action is limited per client, and the client is the address the trusted proxy
saw: what the client writes into X-Forwarded-For cannot reset or share a count."""

from datetime import timedelta

import pytest
from django.test import Client

from core import ratelimit
from reporting.models import Attachment, PendingUpload
from tests.factories import make_report, new_access_link
from tests.reporting.conftest import SCREENING_CLEAR, upload

pytestmark = pytest.mark.django_db

LOOKUP = {"reference": "R-2026-000001", "email": "alex@example.org"}


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _behind_proxy(forwarded_for: str) -> Client:
    """A client whose request reached the app through the one trusted proxy at 10.0.0.1."""
    return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)


def test_uploads_in_the_form_are_limited(resident, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "upload", (1, 3600))
    resident.post("/report/screening/", SCREENING_CLEAR)

    first = resident.post("/report/new/files/", {"files": [upload()], "action": "upload"})
    second = resident.post("/report/new/files/", {"files": [upload()], "action": "upload"})

    assert (first.status_code, second.status_code) == (302, 429)
    assert "Please wait a while" in second.content.decode()
    assert PendingUpload.objects.count() == 1


def test_files_added_to_a_report_later_are_limited(resident, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "upload", (0, 3600))
    report, token = make_report()
    resident.post(f"/report/status/link/{token}/")

    response = resident.post(
        f"/report/status/{report.reference}/add/",
        {"note": "Receipt", "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0", "files": [upload()]},
    )

    assert response.status_code == 429
    assert not Attachment.objects.exists() and not report.messages.exists()


def test_opening_and_spending_links_is_limited(resident, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "link", (1, 3600))
    _report, token = make_report()

    assert resident.get(f"/report/status/link/{token}/").status_code == 200
    assert resident.post(f"/report/status/link/{token}/").status_code == 429
    assert resident.get("/report/status/link/guess/").status_code == 429


def test_look_ups_are_limited_with_a_page_in_the_readers_language(resident, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "lookup", (1, 3600))
    resident.post("/es/report/status/", LOOKUP)

    response = resident.post("/es/report/status/", LOOKUP)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3600"
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Espere un rato" in html


def test_a_spoofed_forwarded_for_entry_does_not_reset_the_count(one_proxy, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "lookup", (2, 3600))

    codes = [
        _behind_proxy(f"198.51.100.{n}, 203.0.113.5").post("/report/status/", LOOKUP).status_code
        for n in range(3)
    ]

    assert codes == [200, 200, 429]


def test_two_real_client_addresses_are_counted_apart(one_proxy, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "lookup", (1, 3600))

    first = _behind_proxy("203.0.113.5").post("/report/status/", LOOKUP)
    second = _behind_proxy("203.0.113.6").post("/report/status/", LOOKUP)
    first_again = _behind_proxy("203.0.113.5").post("/report/status/", LOOKUP)

    assert (first.status_code, second.status_code, first_again.status_code) == (200, 200, 429)


def test_two_ipv6_addresses_in_one_64_share_a_count(one_proxy, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "lookup", (1, 3600))

    first = _behind_proxy("2001:db8:1:2::1").post("/report/status/", LOOKUP)
    same_network = _behind_proxy("2001:db8:1:2:ffff:ee:dd:9").post("/report/status/", LOOKUP)
    other_network = _behind_proxy("2001:db8:1:3::1").post("/report/status/", LOOKUP)

    assert (first.status_code, same_network.status_code, other_network.status_code) == (200, 429, 200)


def test_without_a_trusted_proxy_the_forwarded_for_header_is_ignored(monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "lookup", (1, 3600))

    first = _behind_proxy("203.0.113.5").post("/report/status/", LOOKUP)
    second = _behind_proxy("203.0.113.6").post("/report/status/", LOOKUP)

    assert (first.status_code, second.status_code) == (200, 429)


def _add(client: Client, report, note: str = "The lock was cut"):
    return client.post(
        f"/report/status/{report.reference}/add/",
        {"note": note, "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0"},
    )


def test_additions_without_files_are_limited_per_client(resident, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "add", (2, 3600))
    report, token = make_report()
    resident.post(f"/report/status/link/{token}/")

    answers = [_add(resident, report, f"Addition {n}").status_code for n in range(3)]

    assert answers == [302, 302, 429]
    assert report.messages.count() == 2


def test_additions_to_one_report_are_limited_whoever_sends_them(monkeypatch):
    monkeypatch.setitem(ratelimit.REPORT_LIMITS, "add", (2, 86400))
    report, _token = make_report()
    answers = []
    for n in range(3):
        client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")  # a new address each time
        client.post(f"/report/status/link/{new_access_link(report, timedelta(days=1))}/")
        answers.append(_add(client, report))

    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert "Please try again tomorrow" in answers[2].content.decode()
    assert report.messages.count() == 2


def test_the_files_one_client_may_upload_in_a_day_have_a_size_budget(resident, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "upload_bytes", (len(upload().read()) * 2, 86400))
    resident.post("/report/screening/", SCREENING_CLEAR)

    answers = []
    for _ in range(3):
        response = resident.post("/report/new/files/", {"files": [upload()], "action": "upload"})
        answers.append(response.status_code)

    assert answers == [302, 302, 429]
    assert PendingUpload.objects.count() == 2

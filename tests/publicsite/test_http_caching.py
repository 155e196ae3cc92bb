"""Public pages tell CDNs and browsers how long to keep them and answer their revalidation with a
304 that costs nothing; pages with anyone's data are never kept by a proxy."""

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pilots.models import Program
from tests.factories import make_report
from tests.publicsite.test_cache import form_data
from tests.reporting.conftest import SCREENING_CLEAR, fill_in_every_step

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/es/glossary/", "/programs/mobile-crisis-teams/", "/timeline/?kind=city", "/data/"]


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_may_be_kept_for_a_minute_and_carries_its_validators(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert {"public", "max-age=60"} <= cache_control(response)
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert not response.cookies
    again = client.get(path)
    assert (again["ETag"], again["Last-Modified"]) == (response["ETag"], response["Last-Modified"])


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_browser_or_cdn_revalidating_gets_304_without_rendering_or_queries(client, path):
    first = client.get(path)

    with CaptureQueriesContext(connection) as queries:
        by_etag = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    for response in (by_etag, by_date):
        assert response.status_code == 304
        assert response.content == b""
        assert response.templates == []
        assert "public" in cache_control(response)
    assert len(queries) == 0


def test_a_revalidation_after_an_edit_gets_the_new_page(client, opi_staff):
    program = Program.objects.get(slug="mobile-crisis-teams")
    page = f"/programs/{program.slug}/"
    with time_machine.travel(timezone.now(), tick=False):  # the version read does not expire meanwhile
        before = client.get(page)

        change_url = reverse("admin:pilots_program_change", args=[program.pk])
        data = form_data(opi_staff.get(change_url).content.decode(), "program_form")
        data["summary_en"] = ["A summary staff have just written."]
        assert opi_staff.post(change_url, data).status_code == 302

        after = client.get(page, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert "A summary staff have just written." in after.content.decode()
    assert after["ETag"] != before["ETag"]


def test_every_app_server_gives_the_same_page_the_same_etag(client):
    first = client.get("/glossary/")["ETag"]
    cache.clear()  # as another app server with a cache of its own would build it

    assert client.get("/glossary/")["ETag"] == first


def test_a_page_with_made_up_parameters_is_answered_but_kept_by_no_proxy(client):
    response = client.get("/glossary/?utm_source=mail")

    assert response.status_code == 200
    assert "private" in cache_control(response)
    assert "public" not in cache_control(response)


def _never_kept_by_a_proxy(response) -> bool:
    directives = cache_control(response)
    return "public" not in directives and bool(directives & {"private", "no-store"})


def test_no_page_with_a_residents_data_a_form_or_a_cookie_is_kept_by_a_proxy(resident, supervisor):
    report, token = make_report(email="alex@example.org")
    anonymous_pages = [
        resident.get("/report/"),
        resident.get("/report/screening/"),
        resident.post("/report/screening/", SCREENING_CLEAR),  # sets the session cookie
        resident.get("/report/new/what/"),
        resident.get("/report/status/"),
        resident.get(f"/report/status/link/{token}/"),
        resident.get(f"/report/status/{report.reference}/"),
        resident.get("/admin/login/"),
        resident.get("/healthz"),
    ]
    resident.post(f"/report/status/link/{token}/")
    fill_in_every_step(resident)
    resident_pages = [
        resident.get(f"/report/status/{report.reference}/"),
        resident.get(f"/report/status/{report.reference}/add/"),
        resident.get("/report/new/review/"),
        resident.post("/report/new/review/", {"acknowledge": "on"}, follow=True),
    ]
    staff_pages = [
        supervisor.get("/admin/"),
        supervisor.get("/admin/reporting/report/"),
        supervisor.get(f"/admin/reporting/report/{report.pk}/change/"),
    ]

    for response in anonymous_pages + resident_pages + staff_pages:
        assert _never_kept_by_a_proxy(response), (response.request["PATH_INFO"], response["Cache-Control"])

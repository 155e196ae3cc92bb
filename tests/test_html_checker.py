"""Every page a resident or the public can reach is valid HTML by the Nu HTML checker (v.Nu).

html5lib (tests/publicsite/conftest.py) only catches what breaks parsing; the Nu checker also
knows the content models, such as a heading inside an `address`. It is a Java program that is
slow to start, so the pages are drawn with the test client into one folder and checked in one
run.
"""

import re
from datetime import time, timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from accounts.roles import REPORT_TAKERS
from config.views import server_error
from harness.answers import ABOUT, ADDRESS, ITEMS, SCREENING_CLEAR, WHAT
from reporting import services, slots
from reporting.demo import load_demo_addresses
from reporting.emails import new_calendar_link
from reporting.models import ScreeningExit, Site
from surveys import services as survey_services
from tests.config.services import require_command
from tests.factories import (
    make_council_update,
    make_report,
    make_site,
    make_staff,
    make_ward_shapes,
    open_report,
    residents_survey,
)
from tests.nu_checker import nu_errors, page_file
from tests.publicsite.test_pages import PAGES, PREFIXES
from tests.reporting.conftest import upload
from tests.reporting.staff.test_slots import available

pytestmark = [pytest.mark.process, pytest.mark.django_db]


@pytest.fixture(scope="module")
def java():
    require_command("java", "Java is not installed: the Nu HTML checker cannot run (make test installs it)")


class Pages:
    """The pages drawn so far, each in its own numbered file, and what each one is."""

    def __init__(self, folder):
        self.folder = folder
        self.names: list[str] = []

    def add(self, name: str, response, status: int = 200) -> None:
        assert response.status_code == status, name
        page_file(self.folder, self.names).write_bytes(response.content)
        self.names.append(name)

    def get(self, client, path: str, status: int = 200) -> None:
        self.add(f"GET {path}", client.get(path), status)

    def post(self, client, path: str, data: dict, what: str) -> None:
        """A post the form refuses, shown again with its errors."""
        self.add(f"POST {path} ({what})", client.post(path, data))


def next_step(client, path: str, data: dict) -> None:
    response = client.post(path, {**data, "action": "next"})
    assert response.status_code == 302, f"{path}: {response.content.decode()}"


def draw_public_pages(pages: Pages, client) -> None:
    update = make_council_update(title="First quarter results", summary="Calls answered by the crisis teams.")
    # The data page draws the map of reports by ward where the wards' shapes exist.
    make_ward_shapes()
    extra = ["/get-help/?step=situation&danger=no&situation=property", "/search/", "/missing-page/"]
    for prefix in PREFIXES:
        for page in [*PAGES, *extra]:
            path = prefix + page.format(update=update.pk)
            pages.get(client, path, status=404 if "missing" in path else 200)
    with translation.override("so"):
        pages.add("the server error page", server_error(RequestFactory().get("/so/")), status=500)


def draw_report_pages(pages: Pages, client, prefix: str) -> None:
    """The resident's way through the form, each step also with the errors it shows."""
    report = prefix + "/report"
    pages.get(client, f"{report}/")
    pages.get(client, f"{report}/screening/")
    pages.post(client, f"{report}/screening/", {}, "nothing answered")
    for exit in ScreeningExit.Exit.values:
        pages.get(client, f"{report}/screening/{exit}/")
    assert client.post(f"{report}/screening/", SCREENING_CLEAR).status_code == 302

    refused = {
        # A date field posts only well-formed dates: this one is refused for being ahead.
        "what": {**WHAT, "occurred_from": "2999-01-01"},
        "address": {"place_note": "By the library"},
        "items": {**ITEMS, "items-0-description": "", "items-0-value": "-3"},
        "files": {"files": upload("notes.jpg", b"not a picture")},
        "about": {"email": "not an address"},
        "questions": {"age_range": "not a choice"},
    }
    # Misspelt, so that the step checking it offers the closest addresses of the demo's list.
    answers = {
        "what": {**WHAT, "address": "1200 Nicolet Mall"},
        "address": ADDRESS,
        "items": ITEMS,
        "files": {},
        "about": ABOUT,
    }
    for step, data in [*answers.items(), ("questions", {"age_range": "prefer_not"})]:
        path = f"{report}/new/{step}/"
        pages.get(client, path)
        pages.post(client, path, {**refused[step], "action": "next"}, "refused")
        next_step(client, path, data)

    pages.get(client, f"{report}/new/review/")
    pages.post(client, f"{report}/new/review/", {"website": ""}, "not acknowledged")
    done = client.post(f"{report}/new/review/", {"acknowledge": "on", "website": ""})
    assert done.status_code == 302, done.content.decode()
    receipt = client.get(done.url)
    pages.add(f"GET {done.url} (the receipt)", receipt)
    reference = re.search(r'class="site-reference">([^<]+)<', receipt.content.decode()).group(1)
    pages.get(client, f"{report}/status/{reference}/")


def draw_status_pages(pages: Pages, client) -> None:
    """What a resident sees coming back: the look-up, an emailed link, a texted link to a visit's
    calendar file, and the status page."""
    report, token = make_report()
    staff = make_staff(REPORT_TAKERS)
    visit = services.schedule_visit(
        report,
        actor=staff,
        date=timezone.localdate() + timedelta(days=1),
        window_start=time(10),
        window_end=time(11),
        staff=staff,
        place="1 Example St",
    )
    calendar_token = new_calendar_link(visit)
    for prefix in PREFIXES:
        pages.get(client, f"{prefix}/report/status/")
        wrong = {"reference": "R-1", "email": "nope"}
        pages.post(client, f"{prefix}/report/status/", wrong, "not a reference")
        pages.get(client, f"{prefix}/report/status/link/{token}/")
        pages.get(client, f"{prefix}/report/visit/calendar/{calendar_token}/")
        pages.get(client, f"{prefix}/report/visit/calendar/spent/", status=410)


def draw_visit_pages(pages: Pages, client) -> None:
    """The visit a resident books in the form, then moves or cancels from the status page."""
    taker = make_staff(REPORT_TAKERS, username="visit-taker")
    available(taker, site=make_site())
    available(taker, starts=time(13), ends=time(15))
    assert client.post("/report/screening/", SCREENING_CLEAR).status_code == 302
    about = {**ABOUT, "follow_up": "visit", "phone": "612-555-0100", "home_address": ""}
    for step, data in [("what", WHAT), ("items", ITEMS), ("files", {}), ("about", about)]:
        next_step(client, f"/report/new/{step}/", data)
    pages.get(client, "/report/new/visit/")
    pages.post(client, "/report/new/visit/", {"place": "home", "action": "show"}, "home without an address")
    site = str(Site.objects.get().pk)
    client.post("/report/new/visit/", {"place": site, "action": "show"})
    pages.get(client, "/report/new/visit/")
    pages.post(client, "/report/new/visit/", {"place": site, "action": "next"}, "no time chosen")
    report, _token = make_report(follow_up="visit", phone="612-555-0100")
    # A time at the site: the report gives no home address (and on a Monday afternoon the first
    # free time is a home one).
    at_site = next(slot for slot in slots.free_slots() if slot.site_id)
    visit = services.book_slot(report, actor=taker, slot=at_site)
    open_report(client, report)
    for page in ("", f"visit/{visit.pk}/move/", f"visit/{visit.pk}/cancel/"):
        pages.get(client, f"/report/status/{report.reference}/{page}")


def draw_survey_pages(pages: Pages, client) -> None:
    """The residents' survey: its form, with errors, the thanks, a spent link, and the status page
    of a closed report that offers it."""
    (token,) = survey_services.invite(residents_survey(), 1)
    for prefix in PREFIXES:
        url = f"{prefix}/survey/{token}/"
        pages.get(client, url)
        pages.add(f"POST {url} (nothing answered)", client.post(url), 400)
        pages.get(client, f"{prefix}/survey/thanks/")
        pages.get(client, f"{prefix}/survey/spent/", status=410)
    report, _token = make_report()
    staff = make_staff(REPORT_TAKERS, username="survey-taker")
    services.close(services.accept(report, actor=staff), actor=staff)
    open_report(client, report)
    pages.get(client, f"/report/status/{report.reference}/")


def test_every_public_and_resident_page_passes_the_nu_html_checker(java, client, resident, tmp_path):
    pages = Pages(tmp_path)
    load_demo_addresses()
    draw_public_pages(pages, client)
    for prefix in PREFIXES:
        draw_report_pages(pages, resident, prefix)
        resident.post("/report/status/sign-out/")
    draw_status_pages(pages, client)
    draw_visit_pages(pages, Client())
    draw_survey_pages(pages, Client())

    errors = nu_errors(tmp_path, pages.names)

    assert len(pages.names) > 100
    assert errors == [], "\n".join(errors)

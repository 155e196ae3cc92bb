"""Casework by keyboard in real Chromium: a report taker corrects where a theft happened and the
resident's printed copy and status page change with it; a staff member booked twice at one time is
refused with a message beside the form. Every state of the page passes axe-core."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import REPORT_TAKERS
from reporting import services
from reporting.models import Report
from tests.conftest import sign_in_page
from tests.factories import make_report, make_staff
from tests.reporting.pdf_text import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WRONG_PLACE = "1234 Nowhere Blvd, Paris France"
RIGHT_PLACE = "1200 Nicollet Mall"


def press(page, key):
    with page.expect_navigation():
        page.keyboard.press(key)


def open_more_actions(page):
    page.get_by_text("More actions", exact=True).focus()
    page.keyboard.press("Enter")


def printed_copy(page) -> str:
    page.get_by_role("link", name="Print the resident's copy (PDF)").focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    return pdf_text(Path(download.value.path()).read_bytes())


def test_a_report_taker_corrects_the_place_and_the_printed_copy_changes(page, assert_accessible):
    sign_in_page(page, REPORT_TAKERS, "taker")
    report, token = make_report(address=WRONG_PLACE, full_name="Robin Porch")
    services.accept(report, actor=make_staff(REPORT_TAKERS))
    page.goto(f"/admin/reporting/report/{report.pk}/change/")
    assert WRONG_PLACE in printed_copy(page)

    open_more_actions(page)
    address = page.get_by_label("Where:", exact=True)
    expect(address).to_have_value(WRONG_PLACE)
    address.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(RIGHT_PLACE)
    page.get_by_label("Why (the resident is told):").focus()
    page.keyboard.type("The resident wrote where it really happened.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Correct the place, dates or items")).to_be_focused()
    press(page, "Enter")

    expect(page.get_by_text("Done: Correct the place, dates or items.")).to_be_visible()
    expect(page.get_by_role("heading", name="Corrections by staff")).to_be_visible()
    assert_accessible(page)
    copy = printed_copy(page)
    assert f"{RIGHT_PLACE} (Street, sidewalk or alley)" in copy
    assert "Corrected on" in copy
    assert Report.objects.get().address == RIGHT_PLACE

    # The resident's status page shows the correction beside what the report said.
    page.goto(f"/report/status/link/{token}/")
    page.get_by_role("button", name="Open my report").focus()
    press(page, "Enter")
    expect(page.get_by_role("heading", name="Corrected by City staff")).to_be_visible()
    expect(page.get_by_role("cell", name=WRONG_PLACE)).to_be_visible()
    assert_accessible(page)


def book_visit(page, start: str, end: str):
    """Fill in "Schedule a visit" by keyboard for tomorrow, with the signed-in staff member."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.locator("#id_visit-date").focus()
    page.keyboard.type(f"{tomorrow:%m%d%Y}")
    page.locator("#id_visit-window_start").focus()
    page.keyboard.type(start)
    page.locator("#id_visit-window_end").focus()
    page.keyboard.type(end)
    page.locator("#id_visit-staff").focus()
    page.keyboard.press("ArrowDown")
    page.locator("#id_visit-place").focus()
    page.keyboard.type("At the resident's home")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Schedule a visit")).to_be_focused()
    press(page, "Enter")


def test_a_staff_member_booked_twice_at_one_time_is_refused_with_a_clear_message(page, assert_accessible):
    sign_in_page(page, REPORT_TAKERS, "taker")
    first, _token = make_report(full_name="Robin Porch")
    second, _token = make_report(full_name="Sam Resident")

    page.goto(f"/admin/reporting/report/{first.pk}/change/")
    open_more_actions(page)
    book_visit(page, "1000AM", "1200PM")
    expect(page.get_by_text("Done: Schedule a visit.")).to_be_visible()

    page.goto(f"/admin/reporting/report/{second.pk}/change/")
    open_more_actions(page)
    book_visit(page, "1100AM", "0100PM")

    message = "This staff member already has a visit at that time. Choose another time or someone else."
    expect(page.locator("#action-visit").get_by_text(message)).to_be_visible()
    expect(page.locator("#id_visit-place")).to_have_value("At the resident's home")
    assert_accessible(page)
    assert first.visits.count() == 1
    assert not second.visits.exists()

"""A report taker works a report by keyboard in real Chromium: previews a request for information,
sends it, records the answer given by phone, accepts the report and adds a note from "More
actions". Every state of the page passes axe-core, and each state a report takes is saved as a
screenshot."""

import pytest
from playwright.sync_api import expect

from accounts.roles import REPORT_TAKERS
from reporting import services
from reporting.models import Report
from tests.conftest import screenshot, sign_in_page
from tests.factories import make_reason, make_report, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, username):
    sign_in_page(page, REPORT_TAKERS, username)
    expect(page.get_by_role("link", name="Reports", exact=True)).to_be_visible()


def press(page, key):
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_report_taker_works_a_report_from_its_next_steps_by_keyboard(page, assert_accessible):
    sign_in(page, "taker")
    report, _token = make_report(full_name="Robin Porch", follow_up="phone", phone="612-555-0100")
    page.goto(f"/admin/reporting/report/{report.pk}/change/")
    expect(page.get_by_text("New: waiting for a first review.")).to_be_visible()
    expect(page.get_by_role("heading", name="What to do next")).to_be_visible()
    screenshot(page, "staff/1-submitted")
    assert_accessible(page)

    # Type a request, then Tab past its button to Preview.
    page.locator("#id_request_info-body").focus()
    page.keyboard.type("Which bike rack was it?")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Ask the resident for more information")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("button[name=preview][value=request_info]")).to_be_focused()
    press(page, "Enter")
    expect(page.get_by_role("heading", name="What the resident will receive")).to_be_visible()
    expect(page.locator("#action-request_info-preview")).to_contain_text("Hello,")
    expect(page.locator("#id_request_info-body")).to_have_value("Which bike rack was it?")
    assert_accessible(page)
    assert Report.objects.get().status == Report.Status.SUBMITTED

    page.get_by_role("button", name="Ask the resident for more information").focus()
    press(page, "Enter")
    expect(page.get_by_text("Done: Ask the resident for more information.")).to_be_visible()
    assert Report.objects.get().status == Report.Status.NEEDS_INFO
    screenshot(page, "staff/2-needs-info")

    # Awaiting the answer, recording it is what comes first.
    page.locator("#id_record_answer-body").focus()
    page.keyboard.type("The rack by the library.")
    page.keyboard.press("Tab")
    press(page, "Enter")
    expect(page.get_by_text("Done: Record the resident's answer.")).to_be_visible()
    assert Report.objects.get().status == Report.Status.SUBMITTED

    page.get_by_role("button", name="Accept and issue a case number").focus()
    press(page, "Enter")
    expect(page.get_by_text("Accepted: the City is working on it.")).to_be_visible()
    screenshot(page, "staff/3-accepted")
    assert_accessible(page)

    # "More actions" opens from the keyboard, without any script.
    summary = page.get_by_text("More actions", exact=True)
    expect(page.locator("#id_note-text")).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_note-text")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_note-text").focus()
    page.keyboard.type("Called back, all clear.")
    page.keyboard.press("Tab")
    press(page, "Enter")
    expect(page.get_by_text("Done: Add a note.")).to_be_visible()
    assert Report.objects.get().history.filter(text="Called back, all clear.").exists()


def test_a_report_taker_sees_a_referred_a_declined_and_a_closed_report(page):
    sign_in(page, "taker")
    staff = make_staff(REPORT_TAKERS, username="decider")
    for name, state, decide in [
        (
            "4-referred",
            "Referred elsewhere",
            lambda report: services.refer(report, actor=staff, reason=make_reason()),
        ),
        (
            "5-declined",
            "Declined",
            lambda report: services.decline(report, actor=staff, reason=make_reason(action="decline")),
        ),
        ("6-closed", "Closed", lambda report: services.close(report, actor=staff)),
    ]:
        report = decide(make_report()[0])
        page.goto(f"/admin/reporting/report/{report.pk}/change/")
        expect(page.get_by_text(f"{state}: the City's work on it is done.")).to_be_visible()
        screenshot(page, f"staff/{name}")

"""R4's visit as a Somali resident without an email address lives it, by keyboard in real
Chromium: they book a visit at home in the report form (the place, then a free time), send the
report with it, and on another browser open the report with its reference and PIN and move the
visit to another time. The reminder reaches them by text, with a single-use link to the visit's
calendar file, which their calendar reads as the same visit, moved, at the City's time. The report
taker records the visit as held, and OPI's figures count it as given, at home. Every page of the
booking passes axe-core, and each is kept as a screenshot."""

import re
from datetime import time, timedelta
from pathlib import Path

import icalendar
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.roles import OPI_STAFF, REPORT_TAKERS
from reporting import services, sms
from reporting.models import Report, Visit
from tests.conftest import screenshot
from tests.e2e.test_reopened_report_figures import figure, staff_page
from tests.e2e.test_report_journeys import SCREENING, Keyboard
from tests.reporting.staff.test_slots import available

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _file_a_report_with_a_visit_at_home(page, keys: Keyboard) -> None:
    page.goto("/so/report/screening/")
    for question, answer in SCREENING:
        keys.choose(question, answer)
    keys.press("Continue")
    page.wait_for_url("**/new/what/")
    keys.choose("What happened?", "Theft")
    keys.pick("What kind of place is it?", 5)
    keys.type("Tell us what happened, in your own words", "My bike was cut from the rack.")
    keys.type("When did it happen?", f"{timezone.localdate():%m%d%Y}")
    keys.type("Where did it happen?", "1200 Nicollet Mall")
    keys.enter()
    # No address list is loaded: the address is kept as typed.
    page.wait_for_url("**/new/address/")
    keys.choose(
        "We could not find this address in the City's list",
        keys.words("Use the address as I typed it: %(typed)s") % {"typed": "1200 Nicollet Mall"},
    )
    keys.enter()
    page.wait_for_url("**/new/items/")
    keys.pick("Kind of item", 1)
    keys.type("Description", "Blue mountain bike")
    keys.enter()
    page.wait_for_url("**/new/files/")
    keys.press("Save and continue")
    page.wait_for_url("**/new/about/")
    keys.choose("Which language should we use with you?", "Somali")
    keys.choose("How would you like the City to follow up?", "An in-person visit from City staff")
    keys.type("Phone number", "612-555-0123")
    keys.type("Your address (optional)", "1 Main St")
    keys.type("Your name", "Resident")
    keys.enter()

    page.wait_for_url("**/new/visit/")
    expect(page.get_by_role("heading", name=keys.words("Your visit"))).to_be_visible()
    keys.choose("Where would you like to meet?", "At your home")
    keys.press("Show free times")
    first_day = page.locator("fieldset.site-times").first
    first_day.get_by_role("radio").first.focus()
    page.keyboard.press("Space")
    keys.look("visit-1-times")
    page.keyboard.press("Enter")

    page.wait_for_url("**/new/questions/")
    keys.press("Save and continue")
    page.wait_for_url("**/new/review/")
    expect(page.get_by_role("heading", name=keys.words("Your visit"))).to_be_visible()
    keys.look("visit-2-review")
    keys.tick("I understand that making a false police report is a crime, and what I wrote is true.")
    keys.press("Submit report")
    page.wait_for_url("**/report/done/")


def _move_with_the_pin(other, keys: Keyboard, report: Report, pin: str, assert_accessible) -> None:
    """On another browser, the reference and PIN open the report; the visit moves to the next
    free time of its day."""
    other.goto("/so/report/status/")
    by_pin = other.get_by_role("form", name=keys.words("With the PIN on your receipt"))
    keys.type("Reference number", report.reference, within=by_pin)
    keys.type("PIN", pin, within=by_pin)
    keys.enter()
    expect(other.get_by_role("heading", name=re.compile(report.reference))).to_be_visible()
    keys.follow("Change the time")
    expect(other.get_by_role("heading", name=keys.words("Change the time of your visit"))).to_be_visible()
    assert_accessible(other)
    keys.look("visit-3-move")
    other.locator("fieldset.site-times").first.get_by_role("radio").first.focus()
    other.keyboard.press("Space")
    keys.press("Move my visit")
    expect(other.get_by_text(keys.words("Your visit is moved to the new time."))).to_be_visible()
    assert_accessible(other)
    keys.look("visit-4-moved")


def test_a_somali_resident_without_email_books_moves_and_is_reminded_of_a_home_visit(
    page, browser, live_server, assert_accessible
):
    taker = staff_page(browser, live_server, REPORT_TAKERS, "taker")
    opi = staff_page(browser, live_server, OPI_STAFF, "opi")
    # Home visits two days a week on, so the times offered are never today's.
    visiting_day = (timezone.localdate().weekday() + 2) % 7
    # Afternoons, so that a reminder two hours before is not held back for the night.
    available(
        get_user_model().objects.get(username="taker"), weekday=visiting_day, starts=time(13), ends=time(16)
    )
    keys = Keyboard(page, "so")

    _file_a_report_with_a_visit_at_home(page, keys)

    report = Report.objects.get()
    booked = report.visits.get()
    assert (report.email, report.language, booked.site, booked.place) == ("", "so", None, "1 Main St")
    receipt = page.get_by_role("region", name=keys.words("Your receipt")).inner_text()
    pin = re.search(rf"{keys.words('PIN')}\s+(\d{{3}} \d{{3}} \d{{4}})\b", receipt).group(1)
    other = browser.new_context(base_url=live_server.url, locale="en-US", accept_downloads=True).new_page()
    _move_with_the_pin(other, Keyboard(other, "so"), report, pin, assert_accessible)

    moved = report.visits.get(outcome="booked")
    assert moved.calendar_uid == booked.calendar_uid
    assert moved.starts_at > booked.starts_at
    texts_before = len(sms.outbox)
    services.send_visit_reminders(now=moved.starts_at - timedelta(hours=1, minutes=50))
    number, reminder = sms.outbox[texts_before]
    assert number == "+16125550123"
    with translation.override("so"):
        assert translation.gettext("If you cannot be there, please call 311.") in reminder
    calendar_link = re.search(r"https?://\S+/visit/calendar/\S+/", reminder).group(0)

    other.goto(calendar_link.replace(settings.SITE_URL.rstrip("/"), ""))
    assert_accessible(other)
    other.get_by_role("button", name=Keyboard(other, "so").words("Get the calendar file")).focus()
    with other.expect_download() as download:
        other.keyboard.press("Enter")
    event = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")[0]
    assert str(event["UID"]).startswith(str(booked.calendar_uid))
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == moved.starts_at
    assert str(event.decoded("DTSTART").tzinfo) == "America/Chicago"

    opi.goto("/admin/pilot-figures/")
    given = figure(opi, "Residents who got the follow-up they chose", "An in-person visit from City staff")
    expect(given).to_have_text("0")
    # The day of the visit comes; the report taker records it as held.
    Visit.objects.filter(pk=moved.pk).update(date=timezone.localdate())
    taker.goto(f"/admin/reporting/report/{report.pk}/change/")
    taker.get_by_text("More actions").click()
    record = taker.locator("form", has=taker.get_by_role("button", name="Record what happened at a visit"))
    record.get_by_label(re.compile(r"^Visit:?$")).select_option(index=1)
    record.get_by_label("Held").check()
    record.get_by_label("The report was taken at the visit").check()
    minutes = record.get_by_label("Minutes spent, travel included")
    minutes.fill("50")
    with taker.expect_navigation():
        minutes.press("Enter")
    expect(taker.get_by_text("Accepted: the City is working on it.")).to_be_visible()

    opi.goto("/admin/pilot-figures/")
    expect(given).to_have_text("1")
    where = figure(
        opi, "Where residents who chose a visit were visited", "At home or another place of theirs"
    )
    expect(where).to_have_text("1")
    screenshot(opi, "staff/opi/visit-figures")
    other.context.close()

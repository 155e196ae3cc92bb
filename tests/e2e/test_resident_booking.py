"""A resident books their own visit at home by keyboard in real Chromium: the place, then a free
time, the review showing it, the report submitted with the visit booked; then, from the status
page, they move it to another time. Every page of the booking passes axe-core."""

from datetime import time

import pytest
from playwright.sync_api import expect

from accounts.roles import REPORT_TAKERS
from reporting.models import Report, Visit
from tests.e2e.test_reopened_report_figures import press_button
from tests.e2e.test_reporting import answer_screening
from tests.factories import make_site, make_staff
from tests.reporting.staff.test_slots import available

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def press(page, field, key):
    """Focus a field, as Tab would reach it, and press a key there: Space chooses, Enter sends
    the form or follows the link."""
    field.focus()
    if key == "Enter":
        with page.expect_navigation():
            page.keyboard.press(key)
    else:
        page.keyboard.press(key)


def test_a_resident_books_a_visit_at_home_and_moves_it_by_keyboard(page, assert_accessible):
    taker = make_staff(REPORT_TAKERS, username="taker")
    available(taker, site=make_site(name="Lake Street office"))
    available(taker, starts=time(13), ends=time(15, 15))

    page.goto("/report/screening/")
    answer_screening(page)
    press(page, page.locator("#id_kind_0"), "Space")
    page.get_by_label("When did it happen?").fill("2026-01-02")
    page.get_by_label("What kind of place is it?").select_option("street")
    page.get_by_label("Tell us what happened, in your own words").fill("My bike was cut from the rack.")
    page.get_by_label("Where did it happen?").fill("1200 Nicollet Mall")
    press(page, page.get_by_label("Where did it happen?"), "Enter")
    page.get_by_label("Description").fill("Blue mountain bike")
    page.get_by_label("Kind of item").select_option("bicycle")
    press(page, page.get_by_label("Serial number (optional)"), "Enter")
    press_button(page, "Save and continue")  # no photos
    page.get_by_label("Your name").fill("Alex Resident")
    page.get_by_label("Email address").fill("alex@example.org")
    page.get_by_label("Your address (optional)").fill("1 Main St")
    press(page, page.locator("#id_follow_up_2"), "Space")
    press(page, page.get_by_label("Your name"), "Enter")

    expect(page.get_by_role("heading", name="Your visit")).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_label("At your home"), "Space")
    press_button(page, "Show free times")
    first_day = page.locator("fieldset.site-times").first
    expect(first_day.locator("legend")).to_contain_text("Monday")
    press(page, first_day.get_by_label("1 p.m. to 1:45 p.m."), "Space")
    assert_accessible(page)
    press_button(page, "Save and continue")

    press_button(page, "Save and continue")  # the optional questions
    expect(page.get_by_role("heading", name="Your visit")).to_be_visible()
    expect(page.get_by_text("between 1 p.m. and 1:45 p.m., at 1 Main St")).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_label(str(Report.FALSE_REPORT_STATEMENT)), "Space")
    press_button(page, "Submit report")

    visit = Visit.objects.get()
    assert (visit.site, visit.place, visit.window_start, visit.staff) == (None, "1 Main St", time(13), taker)
    press(page, page.get_by_role("link", name="See your report"), "Enter")
    press(page, page.get_by_role("link", name="Change the time"), "Enter")
    expect(page.get_by_role("heading", name="Change the time of your visit")).to_be_visible()
    assert_accessible(page)
    press(page, page.locator("fieldset.site-times").first.get_by_label("1:45 p.m. to 2:30 p.m."), "Space")
    press_button(page, "Move my visit")

    expect(page.get_by_text("Your visit is moved to the new time.")).to_be_visible()
    assert_accessible(page)
    moved = Visit.objects.get(outcome="booked")
    assert (moved.window_start, moved.place) == (time(13, 45), "1 Main St")
    assert Visit.objects.get(pk=visit.pk).outcome == "moved"

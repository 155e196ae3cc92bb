"""A visit booked at a City site and recorded as held, by keyboard in real Chromium: the report is
accepted, OPI's figures count the visit as given and name the site; the public page of City sites
in Somali and the help finder's in-person card list it."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import OPI_STAFF, REPORT_TAKERS
from reporting.models import Visit
from tests.e2e.test_reopened_report_figures import figure, press_button, staff_page
from tests.factories import make_report, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_visit_held_at_a_city_site_gives_the_follow_up_and_shows_where(
    browser, live_server, assert_accessible
):
    site = make_site(name="Demo site: Lake Street", address="10 Example Ave\nMinneapolis", is_demo=True)
    report, _token = make_report(follow_up="visit", phone="612-555-0100", language="so")
    taker = staff_page(browser, live_server, REPORT_TAKERS, "taker")
    opi = staff_page(browser, live_server, OPI_STAFF, "opi")
    report_page = f"/admin/reporting/report/{report.pk}/change/"

    taker.goto(report_page)
    taker.get_by_text("More actions").click()
    form = taker.locator("form", has=taker.get_by_role("button", name="Schedule a visit"))
    tomorrow = timezone.localdate() + timedelta(days=1)
    form.get_by_label("Date").fill(tomorrow.isoformat())
    form.get_by_label("From").fill("10:00")
    form.get_by_label("Until").fill("10:45")
    form.get_by_label("Staff member").select_option(str(get_user_model().objects.get(username="taker").pk))
    form.get_by_label("At a City site").focus()
    taker.keyboard.type("Demo site")
    press_button(taker, "Schedule a visit")
    expect(taker.get_by_text("Done: Schedule a visit.")).to_be_visible()
    visits = taker.locator(".module", has=taker.get_by_role("heading", name="Visits", exact=True))
    expect(visits).to_contain_text("Demo site: Lake Street, 10 Example Ave, Minneapolis")
    expect(visits).to_contain_text("Booked, not yet recorded")

    # The day of the visit comes.
    Visit.objects.update(date=timezone.localdate())
    taker.goto(report_page)
    taker.get_by_text("More actions").click()
    record = taker.locator("form", has=taker.get_by_role("button", name="Record what happened at a visit"))
    record.get_by_label(re.compile(r"^Visit:?$")).select_option(index=1)
    record.get_by_label("Held").check()
    record.get_by_label("The report was taken at the visit").check()
    minutes = record.get_by_label("Minutes spent, travel included")
    minutes.fill("40")
    with taker.expect_navigation():
        minutes.press("Enter")
    expect(taker.get_by_text("Accepted: the City is working on it.")).to_be_visible()
    expect(visits).to_contain_text("Held, report taken, 40 minutes")

    opi.goto("/admin/pilot-figures/")
    expect(
        figure(opi, "Residents who got the follow-up they chose", "An in-person visit from City staff")
    ).to_have_text("1")
    expect(
        figure(opi, "Where residents who chose a visit were visited", "Demo site: Lake Street")
    ).to_have_text("1")
    expect(figure(opi, "Minutes of staff time per report", "All reports")).to_have_text("40")
    assert_accessible(opi)

    public = browser.new_context(base_url=live_server.url, locale="so").new_page()
    public.goto("/so/in-person/")
    expect(public.get_by_role("heading", name="Demo site: Lake Street")).to_be_visible()
    assert_accessible(public)
    public.goto("/so/get-help/?step=situation&danger=no&situation=property")
    expect(public.get_by_role("link", name="Demo site: Lake Street")).to_have_attribute(
        "href", f"/so/in-person/#site-{site.pk}"
    )
    assert_accessible(public)

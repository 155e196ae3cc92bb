"""The residents' survey in real Chromium: a resident whose report was closed opens the link from
the email, switches the page to Somali, answers by keyboard alone (Tab, arrows, space, Enter to
send) and is thanked; once the quarter has ended, OPI sets a measure on the survey's question and
the program's page shows the resident's answer as its figure. Axe-clean, screenshots in English
and Somali."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import OPI_STAFF, REPORT_TAKERS
from publicsite import dashboards
from reporting import services
from surveys.models import Response
from tests.conftest import screenshot, sign_in_page
from tests.factories import make_goal, make_report, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def first_of_next_quarter(day: datetime.date) -> datetime.date:
    month = (day.month - 1) // 3 * 3 + 4
    return datetime.date(day.year + (month > 12), (month - 1) % 12 + 1, 1)


def test_a_resident_answers_in_somali_by_keyboard_and_the_measure_shows_it(
    page, assert_accessible, monkeypatch
):
    report, _token = make_report(language="so")
    staff = make_staff(REPORT_TAKERS)
    services.close(services.accept(report, actor=staff), actor=staff)
    (link,) = re.findall(r"\S+/so/survey/\S+/", mail.outbox[-1].body)
    somali_path = urlsplit(link).path

    # The same link in English first, for the screenshot; opening it spends nothing.
    page.goto(somali_path.removeprefix("/so"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us how it went")
    assert_accessible(page)
    screenshot(page, "surveys/en-survey")

    page.get_by_role("link", name="Soomaali").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(somali_path) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Noo sheeg sidii ay u dhacday")
    assert_accessible(page)
    screenshot(page, "surveys/so-survey")

    # Respect: strongly agree (space on the first answer).
    page.get_by_role("radio", name="Aad baan u raacsanahay").first.focus()
    page.keyboard.press("Space")
    # Time it took: the arrow moves from strongly agree to agree.
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    # The follow-up wanted: yes.
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Shaqaaluhu aad bay u fiicnaayeen.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Dir jawaabahayga")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Waad ku mahadsan tahay jawaabahaaga")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "surveys/so-thanks")
    (response,) = Response.objects.all()
    assert response.language == "so"
    assert sorted(response.answers.values_list("value", flat=True), key=lambda v: v or 0) == [None, 3, 4, 5]

    # The link is spent: a second visit gets the kind page, in Somali.
    page.goto(somali_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Xiriirka sahankan hadda ma shaqeeyo")

    # One answer is below any real threshold; the test lowers it to see the figure shown.
    monkeypatch.setattr(dashboards, "REPORT_THRESHOLD", 0)
    program = make_goal(text="Residents are treated with respect").program
    quarter_ends = first_of_next_quarter(timezone.localdate())
    with time_machine.travel(
        datetime.datetime.combine(quarter_ends, datetime.time(12)).astimezone(), tick=True
    ):
        sign_in_page(page, OPI_STAFF, "opi")
        page.goto("/admin/pilots/measure/add/")
        page.get_by_label("Goal:").select_option(label=f"{program.code}: Residents are treated with respect")
        page.get_by_label("Name [en]:").fill("Residents who felt respected")
        page.get_by_label("Published").check()
        page.get_by_label("Survey question:").select_option(
            label="Tell us how it went: City staff treated me with respect."
        )
        page.get_by_label("Figure from the survey:").select_option(
            label="Share answering agree or strongly agree, or yes (%)"
        )
        page.get_by_label("Baseline:").fill("60")
        page.get_by_label("Baseline period start:").fill("2026-01-01")
        page.get_by_label("Baseline period end:").fill("2026-03-31")
        page.get_by_label("Target:").fill("90")
        page.get_by_label("Target due by:").fill("2027-12-31")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")

        page.goto(program.get_absolute_url())
        row = page.get_by_role("row", name="Residents who felt respected")
        expect(row).to_contain_text("100%")
        expect(row).to_contain_text("On track")
        expect(page.get_by_text("Shaqaaluhu aad bay u fiicnaayeen.")).to_have_count(0)
        assert_accessible(page)
        screenshot(page, "surveys/program-page-measure")

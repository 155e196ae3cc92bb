"""The evaluation of a pilot in real Chromium: an OPI member sets a measure's baseline and target
and writes a progress update; another OPI member reviews and publishes it; the program's page
then shows "How it is going", in English and in Somali, with no accessibility violations."""

import calendar
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import OPI_STAFF
from tests.conftest import screenshot, sign_in_page
from tests.factories import make_goal, make_metric, make_metric_value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Last month's figure, a baseline of the same month a year before, the target due a year on.
LAST_MONTH_END = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
LAST_MONTH = LAST_MONTH_END.replace(day=1)
BASELINE = LAST_MONTH.replace(year=LAST_MONTH.year - 1)
BASELINE_END = BASELINE.replace(day=calendar.monthrange(BASELINE.year, BASELINE.month)[1])
DUE = BASELINE_END + datetime.timedelta(days=730)


@pytest.fixture
def program():
    goal = make_goal(text="Answer crisis calls without police")
    metric = make_metric(program=goal.program, name="Crisis calls answered by a team")
    make_metric_value(metric=metric, period_start=LAST_MONTH, period_end=LAST_MONTH_END, value=130)
    return goal.program


def test_opi_sets_a_measure_writes_an_update_and_another_member_publishes_it(
    browser, live_server, page, assert_accessible, program
):
    sign_in_page(page, OPI_STAFF, "writer")

    page.goto("/admin/pilots/measure/add/")
    page.get_by_label("Goal:").select_option(label=f"{program.code}: Answer crisis calls without police")
    page.get_by_label("Name [en]:").fill("Crisis calls answered by a team")
    page.get_by_label("Published").check()
    page.get_by_label("Imported metric:").select_option(label="Crisis calls answered by a team")
    page.get_by_label("Baseline:").fill("100")
    page.get_by_label("Baseline period start:").fill(BASELINE.isoformat())
    page.get_by_label("Baseline period end:").fill(BASELINE_END.isoformat())
    # 30 gained in a year, 50 needed in two: on track.
    page.get_by_label("Target:").fill("150")
    page.get_by_label("Target due by:").fill(DUE.isoformat())
    page.get_by_label("Why [en]:").fill("Two teams answer calls around the clock.")
    assert_accessible(page)
    screenshot(page, "evaluation-measure-form")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto("/admin/pilots/progressupdate/add/")
    page.get_by_label("Program:").select_option(label=str(program))
    page.get_by_label("Period start:").fill(LAST_MONTH.isoformat())
    page.get_by_label("Period end:").fill(LAST_MONTH_END.isoformat())
    page.get_by_label("Status:").select_option(label="On track")
    page.get_by_label("How it went [en]:").fill("Calls answered by a team rose every month.")
    page.get_by_label("What we changed and why [en]:").fill(
        "We moved a team to nights, when most calls come."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # The author may not publish it.
    page.get_by_role("checkbox", name="Select this object for an action").first.check()
    page.get_by_label("Action:").select_option(label="Review and publish selected updates")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("you wrote it")

    reviewer_context = browser.new_context(base_url=live_server.url, locale="en-US")
    reviewer = reviewer_context.new_page()
    sign_in_page(reviewer, OPI_STAFF, "reviewer")
    reviewer.goto("/admin/pilots/progressupdate/")
    reviewer.get_by_role("checkbox", name="Select this object for an action").first.check()
    reviewer.get_by_label("Action:").select_option(label="Review and publish selected updates")
    reviewer.get_by_role("button", name="Go").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("1 update published.")
    assert_accessible(reviewer)
    screenshot(reviewer, "evaluation-update-published")
    reviewer_context.close()

    page.goto(program.get_absolute_url())
    expect(page.get_by_role("heading", name="How it is going")).to_be_visible()
    row = page.get_by_role("row", name="Crisis calls answered by a team")
    expect(row).to_contain_text("100 (")
    expect(row).to_contain_text("150 by ")
    expect(row).to_contain_text("130 (")
    expect(row).to_contain_text("On track")
    expect(row).to_contain_text("Two teams answer calls around the clock.")
    expect(page.get_by_text("We moved a team to nights, when most calls come.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "evaluation-program-page-en")

    page.goto(f"/so{program.get_absolute_url()}")
    expect(page.locator("#how-it-is-going")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "evaluation-program-page-so")

"""Imported metric values in real Chromium: an OPI member imports a month's file for a metric,
sees its value waits as a draft, previews the program's page with it, publishes it, and the
public page then shows it; no accessibility violations on the way."""

import calendar
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import OPI_STAFF
from tests.conftest import screenshot, sign_in_page
from tests.factories import make_goal, make_measure, make_metric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LAST_MONTH_END = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
LAST_MONTH = LAST_MONTH_END.replace(day=1)
BASELINE = LAST_MONTH.replace(year=LAST_MONTH.year - 1)
BASELINE_END = BASELINE.replace(day=calendar.monthrange(BASELINE.year, BASELINE.month)[1])


@pytest.fixture
def metric():
    goal = make_goal(text="Answer crisis calls without police")
    metric = make_metric(program=goal.program, code="crisis-calls", name="Crisis calls answered by a team")
    make_measure(
        goal=goal,
        metric=metric,
        name="Crisis calls answered by a team",
        baseline=100,
        baseline_start=BASELINE,
        baseline_end=BASELINE_END,
        target=150,
        due_on=BASELINE_END + datetime.timedelta(days=730),
    )
    return metric


def test_opi_imports_a_month_previews_it_and_publishes_it(page, assert_accessible, metric, tmp_path, client):
    program_page = metric.program.get_absolute_url()
    month = tmp_path / "crisis-calls.csv"
    month.write_text(
        "metric,period_start,period_end,breakdown_dimension,breakdown_category,value\n"
        f"crisis-calls,{LAST_MONTH.isoformat()},{LAST_MONTH_END.isoformat()},,,137\n"
    )
    sign_in_page(page, OPI_STAFF, "importer")

    page.goto("/admin/pilots/metricvalue/import/")
    page.get_by_label("File to import").set_input_files(str(month))
    page.get_by_label("Format").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist")).to_contain_text("The imported values are drafts, not yet public.")
    assert_accessible(page)
    screenshot(page, "metric-drafts-imported")

    # Not on the public page yet.
    assert "137 (" not in client.get(program_page).content.decode()

    page.get_by_role("link", name="Preview and publish them from the list of metrics.").click()
    row = page.get_by_role("row", name="Crisis calls answered by a team")
    expect(row).to_contain_text("1 value waiting to be published")
    assert_accessible(page)
    screenshot(page, "metric-drafts-waiting")

    row.get_by_role("link", name="Preview the 1 value waiting to be published").click()
    expect(page.get_by_role("heading", name="Preview — not public")).to_be_visible()
    measure = page.get_by_role("row", name="Crisis calls answered by a team")
    expect(measure).to_contain_text("137 (")
    assert_accessible(page)
    screenshot(page, "metric-drafts-preview")

    page.go_back()
    page.get_by_role("row", name="Crisis calls answered by a team").get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Publish the waiting values of selected metrics")
    page.get_by_role("button", name="Go").press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("1 value published.")
    assert_accessible(page)

    page.goto(program_page)
    expect(page.get_by_role("heading", name="Preview — not public")).to_have_count(0)
    expect(page.get_by_role("row", name="Crisis calls answered by a team")).to_contain_text("137 (")
    assert_accessible(page)
    screenshot(page, "metric-drafts-published")

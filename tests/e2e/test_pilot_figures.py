"""The data page's R4 section and OPI's dashboard in real Chromium: axe-clean, with the equity
figures behind disclosures that open by keyboard and without JavaScript, and the map of reports
by ward where the wards' shapes exist."""

import pytest
from playwright.sync_api import expect

from accounts.roles import OPI_STAFF
from reporting.models import ScreeningExit
from tests.conftest import SCREENSHOTS, screenshot, sign_in_page
from tests.factories import make_address_point, make_report, make_ward_shapes
from tests.publicsite.test_report_figures import into_last_quarter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def reports():
    for _ in range(12):
        make_report(race_ethnicity="white", gender="woman")
    make_report(race_ethnicity="american_indian")
    ScreeningExit.record("parking")


@pytest.mark.parametrize("prefix", ["", "es/", "so/", "hmn/"])
def test_the_data_page_with_report_figures_has_no_accessibility_violations(
    page, assert_accessible, reports, prefix
):
    page.goto(f"/{prefix}data/?quarter=2025-Q1")
    assert_accessible(page)
    page.locator("summary").first.click()
    assert_accessible(page)


def test_the_equity_figures_open_by_keyboard_without_javascript(page_without_js, reports):
    page_without_js.goto("/data/")
    summary = page_without_js.locator("summary").first
    summary.focus()
    page_without_js.keyboard.press("Enter")
    expect(page_without_js.get_by_role("table", name="Reports by race or ethnicity").first).to_be_visible()


def test_opi_staff_open_their_dashboard_and_it_has_no_accessibility_violations(
    page, assert_accessible, reports
):
    sign_in_page(page, OPI_STAFF, "opi")

    page.goto("/admin/pilot-figures/")

    expect(page.get_by_role("heading", name="Theft and property-damage reports (pilot R4)")).to_be_visible()
    assert_accessible(page)


@pytest.fixture
def wards_drawn(report_taker):
    """Reports in three wards, one too few to show, some not matched, and made-up ward shapes."""
    for ward, count in ((1, 14), (2, 13), (3, 3), (None, 12)):
        point = make_address_point(ward) if ward else None
        for _ in range(count):
            make_report(address_point=point)
    into_last_quarter()
    make_ward_shapes()


@pytest.mark.parametrize("prefix", ["", "so/"])
def test_the_data_page_with_the_ward_map_has_no_accessibility_violations(
    page, assert_accessible, wards_drawn, prefix
):
    page.goto(f"/{prefix}data/")

    expect(page.locator("svg.site-map")).to_be_visible()
    assert_accessible(page)
    language = prefix.strip("/") or "en"
    screenshot(page, f"data-ward-map-{language}")
    page.locator("svg.site-map").screenshot(path=SCREENSHOTS / f"data-ward-map-{language}-map.png")

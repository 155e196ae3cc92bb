"""OPI staff choose one breakdown on their dashboard in real Chromium, by keyboard, and see the gap
the public page hides: 25 of 25 reports accepted in Somali against 5 of 15 in Hmong."""

import pytest
from playwright.sync_api import expect

from accounts.roles import OPI_STAFF
from reporting.models import AccessRecord
from tests.conftest import screenshot, sign_in_page
from tests.publicsite.test_equity_rates import group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_opi_staff_choose_the_language_breakdown_by_keyboard(page, assert_accessible):
    group(25, 25, 1, language="so")
    group(15, 5, 1, language="hmn")
    sign_in_page(page, OPI_STAFF, "opi")

    page.goto("/admin/pilot-figures/")
    breakdown = page.get_by_label("Breakdown")
    breakdown.focus()
    page.keyboard.type("Language")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show this breakdown")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="By language, no count hidden")).to_be_visible()
    # The breakdowns that stay suppressed are in closed disclosures: this is the whole one.
    accepted = page.get_by_role("table", name="Accepted reports by language")
    expect(accepted.get_by_role("row", name="Somali")).to_contain_text("25")
    expect(accepted.get_by_role("row", name="Somali")).to_contain_text("100")
    expect(accepted.get_by_role("row", name="Hmong")).to_contain_text("33.3")
    expect(page.get_by_label("Breakdown")).to_have_value("language")
    assert AccessRecord.objects.filter(kind="figures", filters__startswith="breakdown=language").count() == 1
    assert_accessible(page)
    screenshot(page, "staff/pilot-dashboard-whole-breakdown")

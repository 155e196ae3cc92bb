"""OPI staff make the report to the City Council in real Chromium, by keyboard: a mistaken period
is shown with what to fix, the report downloads in Somali and reads back, and once kept with a
Council update the public downloads it from the update's page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import OPI_STAFF
from pilots.models import CouncilUpdate
from publicsite.forms import ended_quarters
from tests.conftest import screenshot, sign_in_page
from tests.reporting.pdf_text import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_opi_staff_make_the_report_and_keep_it_with_an_update(page, assert_accessible, tmp_path):
    CouncilUpdate.objects.create(
        presented_on=timezone.localdate(), title="Pilot progress to the Council", is_published=True
    )
    _key, start, end = ended_quarters()[0]
    sign_in_page(page, OPI_STAFF, "opi")

    page.get_by_role("link", name="Report to the City Council").click()
    expect(page.get_by_role("heading", name="Report to the City Council")).to_be_visible()
    assert_accessible(page)

    # A period that is not a whole quarter: the message, and the months as typed.
    page.get_by_label("From month").first.fill(f"{start.year}-{start.month + 1:02d}")
    page.get_by_label("To month").first.fill(f"{end:%Y-%m}")
    page.get_by_label("To month").first.press("Enter")
    expect(page.get_by_text("Choose the first month of a quarter from January 2021 on.")).to_be_visible()
    expect(page.get_by_label("From month").first).to_have_value(f"{start.year}-{start.month + 1:02d}")
    assert_accessible(page)
    screenshot(page, "staff/council-report-mistake")

    page.get_by_label("From month").first.fill(f"{start:%Y-%m}")
    page.get_by_label("Language").first.select_option(label="Somali")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the report (PDF)").press("Enter")
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    text = pdf_text(path.read_bytes())
    assert "Warbixinta Golaha Magaalada" in text
    assert "R4 \N{EM DASH}" in text

    keep = page.get_by_role("button", name="Keep the report with the update")
    form = page.locator("form", has=keep)
    form.get_by_label("From month").fill(f"{start:%Y-%m}")
    form.get_by_label("To month").fill(f"{end:%Y-%m}")
    form.get_by_label("Council update").select_option(label="Pilot progress to the Council")
    keep.press("Enter")
    expect(page.get_by_text("The report is kept with the Council update")).to_be_visible()

    page.goto("/updates/")
    page.get_by_role("link", name="Pilot progress to the Council").click()
    with page.expect_download() as public_download:
        page.get_by_role("link", name="The report to the Council, with the programs' figures").press("Enter")
    public_path = tmp_path / "public.pdf"
    public_download.value.save_as(public_path)
    assert "report to the City Council" in pdf_text(public_path.read_bytes())
    screenshot(page, "publicsite/update-with-council-report")

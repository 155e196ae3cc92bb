"""A resident who filed in Somali opens their report in real Chromium and, once it is accepted,
downloads its PDF copy from the status page by keyboard; the file is read back as text."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from playwright.sync_api import expect

from accounts.roles import REPORT_TAKERS
from reporting import services
from reporting.models import Report
from tests.factories import make_report, make_staff
from tests.reporting.pdf_text import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_downloads_the_copy_of_their_accepted_report(page, assert_accessible):
    # Another browser test's flush may have removed the groups the migrations made.
    Group.objects.get_or_create(name=REPORT_TAKERS)
    report, token = make_report(
        language="so",
        items=[{"kind": "bicycle", "description": "Baaskiil buluug ah", "serial_number": "WTU123456"}],
    )
    page.goto(f"/report/status/link/{token}/")
    page.get_by_role("button", name="Open my report").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Once your report is accepted, you can download a copy")).to_be_visible()
    assert_accessible(page)

    report = services.accept(report, actor=make_staff(REPORT_TAKERS))
    page.reload()
    assert_accessible(page)
    page.get_by_role("link", name="Download a copy of your report (PDF)").focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")

    assert download.value.suggested_filename == f"{report.reference}.pdf"
    text = pdf_text(Path(download.value.path()).read_bytes())
    with translation.override("so"):
        statement = str(Report.FALSE_REPORT_STATEMENT)
    for expected in [report.reference, report.case_number, "Baaskiil buluug ah", "WTU123456", statement]:
        assert expected in text, expected

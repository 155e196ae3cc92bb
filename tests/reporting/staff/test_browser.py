"""A report taker works a report in real Chromium: finds it in the queue, asks for more
information with a template, and accepts it once the resident has answered."""

import pytest
from playwright.sync_api import expect

from accounts.roles import REPORT_TAKERS
from reporting import services
from reporting.models import MessageTemplate, Report
from tests.conftest import sign_in_page
from tests.factories import make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_report_taker_asks_for_information_and_accepts_the_report(page):
    MessageTemplate.objects.create(
        name="Serial", purpose="info_request", body_en="What is the serial number?"
    )
    report, _token = make_report(full_name="Robin Porch")

    sign_in_page(page, REPORT_TAKERS, "taker")
    page.goto("/admin/reporting/report/?assigned=&status__exact=submitted")
    page.get_by_role("searchbox").fill("robin")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=report.reference).click()

    page.locator("#id_request_info-template").select_option(label="Serial")
    page.get_by_role("button", name="Ask the resident for more information").click()
    page.get_by_text("Done: Ask the resident for more information.").wait_for()
    assert Report.objects.get().status == Report.Status.NEEDS_INFO

    services.answer_info_request(report, body="It is WTU123.")
    page.reload()
    page.get_by_role("button", name="Accept and issue a case number").click()
    page.get_by_text("Done: Accept and issue a case number.").wait_for()

    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    expect(page.get_by_text(report.case_number).first).to_be_visible()
    expect(page.get_by_text("It is WTU123.").first).to_be_visible()

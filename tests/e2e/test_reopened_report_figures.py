"""A report referred, reopened by a Supervisor and then accepted, worked by keyboard in real
Chromium: OPI's figures count it as waiting while it waits, then once, as accepted."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import OPI_STAFF, REPORT_TAKERS, SUPERVISORS
from tests.conftest import sign_in_page
from tests.factories import make_reason, make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def staff_page(browser, live_server, role, username):
    page = browser.new_context(base_url=live_server.url, locale="en-US").new_page()
    sign_in_page(page, role, username)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


def press_button(page, name):
    page.get_by_role("button", name=name, exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def figure(page, caption, label):
    table = page.get_by_role("table", name=re.compile(caption))
    return table.locator("tr", has=page.get_by_role("rowheader", name=label, exact=True)).locator("td").first


def expect_figures(page, **counts):
    page.goto("/admin/pilot-figures/")
    for label, count in counts.items():
        caption = "Days from report to decision" if label == "Reports decided" else "Decisions on the reports"
        expect(figure(page, caption, label)).to_have_text(str(count))


def test_a_referred_report_reopened_and_accepted_counts_once(browser, live_server, assert_accessible):
    make_reason(label="Handled by 311")
    report, _token = make_report()
    taker = staff_page(browser, live_server, REPORT_TAKERS, "taker")
    supervisor = staff_page(browser, live_server, SUPERVISORS, "supervisor")
    opi = staff_page(browser, live_server, OPI_STAFF, "opi")
    report_page = f"/admin/reporting/report/{report.pk}/change/"

    taker.goto(report_page)
    taker.get_by_label("Reason").first.focus()
    taker.keyboard.type("Handled by 311")
    press_button(taker, "Refer elsewhere")
    expect(taker.get_by_text("Referred elsewhere: the City's work on it is done.")).to_be_visible()
    expect_figures(opi, **{"Referred elsewhere": 1, "Waiting for a decision": 0, "Reports decided": 1})

    supervisor.goto(report_page)
    press_button(supervisor, "Reopen")
    expect(supervisor.get_by_text("New: waiting for a first review.")).to_be_visible()
    expect_figures(opi, **{"Referred elsewhere": 0, "Waiting for a decision": 1, "Reports decided": 0})

    press_button(supervisor, "Accept and issue a case number")
    expect(supervisor.get_by_text("Accepted: the City is working on it.")).to_be_visible()
    # The referral stays in the report's history.
    expect(supervisor.get_by_text("Handled by 311.").first).to_be_attached()
    expect_figures(
        opi, **{"Accepted": 1, "Referred elsewhere": 0, "Waiting for a decision": 0, "Reports decided": 1}
    )
    expect(
        opi.get_by_role("table", name=re.compile("Decisions on the reports")).locator("tfoot td").first
    ).to_have_text("1")
    assert_accessible(opi)

    csv_link = opi.get_by_role(
        "link", name=re.compile(r"Download this table \(CSV\): Decisions on the reports")
    )
    rows = opi.request.get(csv_link.get_attribute("href")).text().splitlines()
    assert any(row.startswith("Accepted,1") for row in rows), rows
    assert any(row.startswith("Waiting for a decision,0") for row in rows), rows

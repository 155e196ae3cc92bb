"""The resident's PDF copy of an accepted report, downloaded from the status page."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from accounts.roles import REPORT_TAKERS, SUPERVISORS
from reporting import services
from reporting.models import HistoryEntry, Report
from tests.factories import make_reason, make_report, make_staff
from tests.reporting.pdf_text import pdf_text
from tests.reporting.test_escaping import open_report
from tests.reporting.test_status import follow_link

pytestmark = pytest.mark.django_db

ITEMS = [
    {"kind": "bicycle", "description": "Blue mountain bike", "serial_number": "WTU123456", "value": 450},
    {"kind": "tools", "description": "Cordless drill", "brand": "Acme", "quantity": 2, "value": 75},
]


def file_report(**overrides):
    return make_report(
        items=ITEMS,
        narrative="The lock was cut overnight.\nA neighbour saw a <b>white van</b> & heard it.",
        address="1200 Nicollet Mall",
        **overrides,
    )


def accept(report) -> Report:
    return services.accept(report, actor=make_staff(REPORT_TAKERS))


def copy_url(report) -> str:
    return f"/report/status/{report.reference}/copy/"


def copies(report):
    return HistoryEntry.objects.filter(report=report, kind=HistoryEntry.Kind.COPY)


def test_an_accepted_report_downloads_as_a_pdf_with_what_an_insurer_needs(resident):
    report, token = file_report()
    report = accept(report)
    follow_link(resident, token)

    response = resident.get(copy_url(report))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{report.reference}.pdf"'
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for expected in [
        "City of Minneapolis",
        report.reference,
        report.case_number,
        "Alex Resident",
        "1200 Nicollet Mall",
        formats.date_format(report.occurred_from, "DATE_FORMAT"),
        "Blue mountain bike",
        "WTU123456",
        "$450.00",
        "Cordless drill",
        "Acme",
        "$150.00",
        "$600.00",
        # What the resident typed is shown as they typed it, markup included.
        "The lock was cut overnight. A neighbour saw a <b>white van</b> & heard it.",
        "I understand that making a false police report is a crime, and what I wrote is true.",
    ]:
        assert expected in text, expected


@pytest.mark.parametrize("language", ["es", "so", "hmn"])
def test_the_copy_is_in_the_language_the_resident_filed_in(resident, language):
    report, token = file_report(language=language)
    report = accept(report)
    follow_link(resident, token)

    # The English status page; the copy still follows the report's language.
    text = pdf_text(resident.get(copy_url(report)).content)

    with translation.override(language):
        statement = str(Report.FALSE_REPORT_STATEMENT)
        labels = [gettext("Case number"), gettext("City of Minneapolis"), gettext("Total value")]
    assert statement != "I understand that making a false police report is a crime, and what I wrote is true."
    assert statement in text
    for label in labels:
        assert label in text, label
    assert report.case_number in text
    assert "WTU123456" in text


def test_the_acceptance_date_is_when_it_was_accepted_not_an_earlier_referral(resident):
    referred_on = timezone.now() - datetime.timedelta(days=20)
    with time_machine.travel(referred_on):
        report, _token = file_report()
        services.refer(report, actor=make_staff(REPORT_TAKERS), reason=make_reason())
    report = accept(services.reopen(report, actor=make_staff(SUPERVISORS)))
    open_report(resident, report)

    text = pdf_text(resident.get(copy_url(report)).content)

    accepted_on = formats.date_format(timezone.localtime(), "DATE_FORMAT")
    assert f"Accepted {accepted_on}" in text
    assert f"Accepted {formats.date_format(timezone.localtime(referred_on), 'DATE_FORMAT')}" not in text


def test_each_download_is_recorded_in_the_reports_history(resident):
    report, token = file_report()
    report = accept(report)
    follow_link(resident, token)

    resident.get(copy_url(report))
    resident.get(copy_url(report))

    assert [(entry.actor, entry.kind) for entry in copies(report)] == [(None, "copy"), (None, "copy")]


def test_a_closed_report_keeps_its_copy(resident):
    report, token = file_report()
    report = services.close(accept(report), actor=make_staff(REPORT_TAKERS))
    follow_link(resident, token)

    response = resident.get(copy_url(report))

    assert response.status_code == 200
    assert report.case_number in pdf_text(response.content)


def test_there_is_no_copy_before_the_report_is_accepted(resident):
    report, token = file_report()
    follow_link(resident, token)

    status_page = resident.get(f"/report/status/{report.reference}/").content.decode()
    response = resident.get(copy_url(report), follow=True)

    assert "Once your report is accepted, you can download a copy" in status_page
    assert copy_url(report) not in status_page
    assert response.redirect_chain == [(f"/report/status/{report.reference}/", 302)]
    assert "A copy to print is ready once your report is accepted." in response.content.decode()
    assert not copies(report).exists()


def test_a_withdrawn_report_has_no_copy(resident):
    report, token = file_report()
    report = services.withdraw(accept(report))
    follow_link(resident, token)

    assert copy_url(report) not in resident.get(f"/report/status/{report.reference}/").content.decode()
    assert resident.get(copy_url(report)).url == f"/report/status/{report.reference}/"


def test_the_status_page_of_an_accepted_report_links_to_the_copy(resident):
    report, token = file_report()
    report = accept(report)
    follow_link(resident, token)

    html = resident.get(f"/report/status/{report.reference}/").content.decode()

    assert f'href="{copy_url(report)}"' in html
    assert "Download a copy of your report (PDF)" in html


def test_only_a_browser_let_into_the_report_gets_its_copy(resident):
    report, _token = file_report()
    report = accept(report)
    _other, other_token = make_report(email="sam@example.org")
    follow_link(resident, other_token)

    for client in (Client(), resident):
        response = client.get(copy_url(report))

        assert response.status_code == 302
        assert response.url == "/report/status/"
    assert not copies(report).exists()


def test_items_without_a_value_have_no_total_anywhere_the_resident_reads_them(resident):
    """A total of $0.00 would say the items are worth nothing; the resident gave no value."""
    report, token = make_report(items=[{"kind": "bicycle", "description": "Red bike", "value": None}])
    report = accept(report)
    follow_link(resident, token)

    status = resident.get(f"/report/status/{report.reference}/").content.decode()
    text = pdf_text(resident.get(copy_url(report)).content)

    assert "Red bike" in status
    assert "Red bike" in text
    for shown in (status, text):
        assert "Total value" not in shown
        assert "$0.00" not in shown

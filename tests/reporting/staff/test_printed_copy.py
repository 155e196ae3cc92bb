"""Staff print the resident's PDF copy of an accepted report from its page; each print is recorded."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from reporting import services
from reporting.models import AccessRecord, Report
from tests.reporting.pdf_text import pdf_text
from tests.reporting.staff.admin_pages import page_url

pytestmark = pytest.mark.django_db


def copy_url(report) -> str:
    return reverse("admin:reporting_report_copy", args=[report.pk])


def prints(report):
    return AccessRecord.objects.filter(report=report, kind=AccessRecord.Kind.COPY)


def test_anonymous_visitors_are_sent_to_sign_in(anonymous, accepted):
    response = anonymous.get(copy_url(accepted))

    assert response.status_code == 302
    assert "/login/" in response.url
    assert not prints(accepted).exists()


@pytest.mark.parametrize("persona", ["opi_staff", "staff_without_group"])
def test_staff_outside_reporting_cannot_print_a_copy(persona, request, accepted):
    response = request.getfixturevalue(persona).get(copy_url(accepted))

    assert response.status_code == 403
    assert not prints(accepted).exists()


@pytest.mark.parametrize("persona", ["report_taker", "supervisor"])
def test_report_takers_and_supervisors_print_the_copy_and_it_is_recorded(persona, request, accepted):
    client = request.getfixturevalue(persona)

    response = client.get(copy_url(accepted))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for expected in [accepted.reference, accepted.case_number, "Blue bike", "WTU123", "$600.00"]:
        assert expected in text, expected
    assert [record.staff for record in prints(accepted)] == [client.user]


def test_the_printed_copy_is_in_the_residents_language(report_taker, report):
    Report.objects.filter(pk=report.pk).update(language="hmn")
    accepted = services.accept(report, actor=report_taker.user)

    text = pdf_text(report_taker.get(copy_url(accepted)).content)

    with translation.override("hmn"):
        statement = str(Report.FALSE_REPORT_STATEMENT)
        label = gettext("Case number")
    assert statement in text
    assert f"{label} {accepted.case_number}" in text


def test_the_report_page_offers_the_copy_only_once_accepted(report_taker, report):
    before = report_taker.get(page_url(report)).content.decode()
    accepted = services.accept(report, actor=report_taker.user)
    after = report_taker.get(page_url(accepted)).content.decode()

    assert copy_url(report) not in before
    assert f'href="{copy_url(report)}"' in after
    assert "Print the resident's copy (PDF)" in after


def test_a_report_not_yet_accepted_has_no_copy_to_print(report_taker, report):
    response = report_taker.get(copy_url(report), follow=True)

    assert response.redirect_chain == [(page_url(report), 302)]
    assert "A report has a copy to print once it is accepted." in response.content.decode()
    assert not prints(report).exists()

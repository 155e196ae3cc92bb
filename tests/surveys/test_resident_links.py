"""The residents' survey is offered once a report reaches a final decision of the City's (referred,
declined, closed), by the link in the email or text that tells of it and from the status page, in
the resident's language; one answer per report."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from accounts.roles import REPORT_TAKERS
from reporting import services, sms
from reporting.models import Report
from surveys.models import Response
from tests.factories import make_reason, make_report, make_staff, open_report, residents_survey

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/survey/[\w-]+/")
NOON = datetime.datetime(2026, 6, 10, 17, 0, tzinfo=datetime.UTC)


@pytest.fixture
def staff(db):
    return make_staff(REPORT_TAKERS)


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run what the workflow queued for after its commit, as a committed transaction would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


FINAL = {
    "referred": lambda report, staff: services.refer(report, actor=staff, reason=make_reason()),
    "declined": lambda report, staff: services.decline(
        report, actor=staff, reason=make_reason(action="decline")
    ),
    "closed": lambda report, staff: services.close(services.accept(report, actor=staff), actor=staff),
}


def survey_links(text: str) -> list[str]:
    return LINK.findall(text)


@pytest.mark.parametrize("status", FINAL)
def test_the_email_of_a_final_decision_carries_the_survey_link_in_the_residents_language(sent, staff, status):
    report, _token = make_report(language="so")
    mail.outbox.clear()

    sent(FINAL[status], report, staff)

    (link,) = survey_links(mail.outbox[-1].body)
    assert "/so/survey/" in link


def test_the_emails_before_a_final_decision_carry_no_survey_link(sent, staff):
    report, _token = make_report()
    sent(services.request_info, report, actor=staff, body="Which rack?")
    sent(services.accept, report, actor=staff)
    sent(services.send_message, report, actor=staff, body="We are on it.")

    assert mail.outbox
    assert not any(survey_links(email.body) for email in mail.outbox)


def test_a_withdrawn_report_is_offered_no_survey(sent, resident):
    report, _token = make_report()
    sent(services.withdraw, report)

    open_report(resident, report)
    assert "Tell us how it went" not in resident.get(f"/report/status/{report.reference}/").content.decode()
    assert not any(survey_links(email.body) for email in mail.outbox)


def test_a_report_closed_for_no_answer_carries_the_link(sent, staff, time_machine):
    report, _token = make_report()
    sent(services.request_info, report, actor=staff, body="Which rack?")
    mail.outbox.clear()
    time_machine.move_to(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=60))

    sent(services.close_overdue_info_requests)

    assert survey_links(mail.outbox[-1].body)


def test_the_text_of_a_final_decision_carries_the_link(sent, staff, time_machine):
    time_machine.move_to(NOON)
    sms.outbox.clear()
    report, _token = make_report(email="", phone="+16125550123", pin="2749130586", language="hmn")

    sent(FINAL["declined"], report, staff)

    (link,) = survey_links(sms.outbox[-1][1])
    assert "/hmn/survey/" in link


def test_the_emailed_link_opens_the_survey_and_answers_once_for_the_report(sent, staff, resident):
    report, _token = make_report(language="so")
    sent(FINAL["referred"], report, staff)
    (link,) = survey_links(mail.outbox[-1].body)
    path = urlsplit(link).path

    page = resident.get(path)
    assert page.status_code == 200 and 'lang="so"' in page.content.decode()
    survey = residents_survey()
    by_kind = {"comment": "", "yes-partly-no": "2", "agree": "5"}
    answers = {f"question_{q.pk}": by_kind[q.kind] for q in survey.questions.all()}
    assert resident.post(path, answers).status_code == 302

    open_report(resident, report)
    status = resident.get(f"/report/status/{report.reference}/").content.decode()
    assert "Tell us how it went" not in status
    refused = resident.post(f"/report/status/{report.reference}/survey/", follow=True)
    assert "it was answered already" in refused.content.decode()
    assert Response.objects.count() == 1


def test_the_status_page_offers_the_survey_once_final_and_opens_it_by_a_fresh_link(sent, staff, resident):
    report, _token = make_report()
    open_report(resident, report)
    status_url = f"/report/status/{report.reference}/"
    assert "Tell us how it went" not in resident.get(status_url).content.decode()

    sent(FINAL["closed"], report, staff)
    (emailed,) = survey_links(mail.outbox[-1].body)
    page = resident.get(status_url).content.decode()
    assert "Tell us how it went" in page and f'action="{status_url}survey/"' in page

    opened = resident.post(f"{status_url}survey/")
    assert opened.status_code == 302 and "/survey/" in opened["Location"]
    assert resident.get(opened["Location"]).status_code == 200
    # The report keeps one invitation: the emailed link gave way to the fresh one.
    assert resident.get(urlsplit(emailed).path).status_code == 410
    assert Report.objects.get(pk=report.pk).survey_invitation is not None


def test_another_browser_cannot_ask_for_a_reports_survey(sent, staff, resident):
    report, _token = make_report()
    sent(FINAL["closed"], report, staff)

    response = resident.post(f"/report/status/{report.reference}/survey/")

    assert response.status_code == 302 and response["Location"] == "/report/status/"


def test_a_closed_survey_is_offered_nowhere(sent, staff):
    survey = residents_survey()
    survey.is_open = False
    survey.save()
    report, _token = make_report()

    sent(FINAL["closed"], report, staff)

    assert "closed" in mail.outbox[-1].subject
    assert not survey_links(mail.outbox[-1].body)

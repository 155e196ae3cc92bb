from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.roles import REPORT_TAKERS
from harness.staff import sign_in
from reporting.models import HistoryEntry, MessageTemplate, Report
from tests.factories import make_reason, make_report, make_staff
from tests.reporting.staff.admin_pages import act, changelist_url, page_url

pytestmark = pytest.mark.django_db
Status = Report.Status


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run an action's after-commit emails and return the outbox."""

    def run(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            response = act(*args, **kwargs)
        assert response.status_code == 302, response.content.decode()
        return mail.outbox

    return run


def test_anonymous_visitors_cannot_act_on_a_report(anonymous, report):
    response = act(anonymous, report, "accept")

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_opi_staff_cannot_act_on_a_report(opi_staff, report):
    assert act(opi_staff, report, "accept").status_code == 403
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_a_report_taker_assigns_a_report_to_themselves(report_taker, report):
    act(report_taker, report, "assign", assignee="")

    report.refresh_from_db()
    assert report.assigned_to == report_taker.user
    assert report.history.filter(kind=HistoryEntry.Kind.ASSIGNMENT).exists()


def test_a_report_can_be_assigned_to_a_colleague_but_not_to_someone_outside_reporting(report_taker, report):
    colleague = make_staff(REPORT_TAKERS, username="colleague")
    outsider = make_staff("OPI staff", username="outsider")

    act(report_taker, report, "assign", assignee=colleague.pk)
    response = act(report_taker, report, "assign", assignee=outsider.pk)

    report.refresh_from_db()
    assert report.assigned_to == colleague
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_accepting_issues_a_case_number_and_tells_the_resident(sent, report_taker, report):
    outbox = sent(report_taker, report, "accept")

    report.refresh_from_db()
    assert report.status == Status.ACCEPTED
    assert report.case_number.startswith("C-")
    assert report.case_number in outbox[-1].body


def test_an_action_the_status_does_not_allow_is_refused_with_a_message(report_taker, accepted):
    response = act(report_taker, accepted, "accept")

    assert response.status_code == 200
    assert "cannot be done now" in response.content.decode()


def test_requesting_information_uses_the_template_in_the_residents_language(sent, report_taker):
    report, _token = make_report(language="es")
    template = MessageTemplate.objects.create(
        name="Serial", purpose="info_request", body_en="Serial number?", body_es="¿Número de serie?"
    )

    outbox = sent(report_taker, report, "request_info", template=template.pk, body="")

    report.refresh_from_db()
    assert report.status == Status.NEEDS_INFO
    assert report.messages.get().body == "¿Número de serie?"
    assert "¿Número de serie?" in outbox[-1].body


def test_an_unanswered_request_closes_the_report_after_the_configured_days(report_taker, report):
    act(report_taker, report, "request_info", body="Which rack?")
    Report.objects.filter(pk=report.pk).update(info_requested_until=timezone.now() - timedelta(minutes=1))

    call_command("close_overdue_info_requests", stdout=StringIO())

    report.refresh_from_db()
    assert report.status == Status.CLOSED


def test_a_request_without_a_message_keeps_the_page_and_changes_nothing(report_taker, report):
    response = act(report_taker, report, "request_info", body="")

    assert response.status_code == 200
    assert "Write a message or choose a template." in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_a_message_to_the_resident_is_sent_and_kept(sent, report_taker, report):
    outbox = sent(report_taker, report, "message", body="We are looking into it.")

    assert report.messages.get().body == "We are looking into it."
    assert "We are looking into it." in outbox[-1].body


@pytest.mark.parametrize(("action", "status"), [("refer", Status.REFERRED), ("decline", Status.DECLINED)])
def test_referring_or_declining_gives_the_resident_the_reason(sent, action, status, report_taker, report):
    reason = make_reason(action=action, label="Belongs with 311", explanation="Call 311 about this.")

    outbox = sent(report_taker, report, action, reason=reason.pk, note="")

    report.refresh_from_db()
    assert report.status == status
    assert report.reason == reason
    assert "Call 311 about this." in outbox[-1].body


def test_a_reason_made_for_declining_cannot_be_used_to_refer(report_taker, report):
    reason = make_reason(action="decline")

    response = act(report_taker, report, "refer", reason=reason.pk)

    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_closing_and_notes_are_written_to_the_history(report_taker, report):
    act(report_taker, report, "note", text="Called the resident.")
    act(report_taker, report, "close", note="Nothing more to do.")

    report.refresh_from_db()
    assert report.status == Status.CLOSED
    assert report.history.filter(kind=HistoryEntry.Kind.NOTE, text="Called the resident.").exists()


def test_only_supervisors_reopen_a_closed_report(report_taker, supervisor, report):
    act(report_taker, report, "close")

    assert act(report_taker, report, "reopen").status_code == 403
    act(supervisor, report, "reopen")

    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_the_reopen_button_is_shown_to_supervisors_only(report_taker, supervisor, report):
    act(report_taker, report, "close")

    assert 'value="reopen"' not in report_taker.get(page_url(report)).content.decode()
    assert 'value="reopen"' in supervisor.get(page_url(report)).content.decode()


def test_bulk_assign_to_me_from_the_queue(report_taker, report):
    report_taker.post(changelist_url(), {"action": "assign_to_me", "_selected_action": [report.pk]})

    report.refresh_from_db()
    assert report.assigned_to == report_taker.user


def test_bulk_assign_to_me_leaves_reports_no_longer_open_and_says_which(report_taker, report):
    closed, _token = make_report()
    act(report_taker, closed, "close")

    response = report_taker.post(
        changelist_url(), {"action": "assign_to_me", "_selected_action": [report.pk, closed.pk]}, follow=True
    )

    report.refresh_from_db()
    closed.refresh_from_db()
    assert report.assigned_to == report_taker.user
    assert closed.assigned_to is None
    html = response.content.decode()
    assert "Assigned to you." in html
    assert f"Not assigned, because they are no longer open: {closed.reference}." in html


def test_a_closed_report_offers_no_assign_button(report_taker, report):
    act(report_taker, report, "close")

    assert 'value="assign"' not in report_taker.get(page_url(report)).content.decode()


def test_an_action_posted_without_the_csrf_token_is_refused(report_taker, report):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, report_taker.user)

    response = act(client, report, "accept")

    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED

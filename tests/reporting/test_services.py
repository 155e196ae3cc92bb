import re
from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.roles import OPI_STAFF, REPORT_TAKERS, SUPERVISORS
from reporting import services
from reporting.models import HistoryEntry, Message, Reason, Report, WorkflowSettings
from tests.factories import make_reason, make_report, make_staff

pytestmark = pytest.mark.django_db
Status = Report.Status


@pytest.fixture
def taker():
    return make_staff(REPORT_TAKERS, username="taker")


@pytest.fixture
def emails(django_capture_on_commit_callbacks):
    """Run the emails each service queues for after its commit, and return the outbox."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        return result

    return run


def history_kinds(report):
    return list(report.history.values_list("kind", flat=True))


def test_submitting_writes_history_and_emails_the_reference_and_a_private_link(emails):
    report, _token = emails(make_report, language="es")

    assert report.status == Status.SUBMITTED
    assert history_kinds(report) == [HistoryEntry.Kind.SUBMITTED]
    [message] = mail.outbox
    assert message.to == ["alex@example.org"]
    assert report.reference in message.subject
    assert "Recibimos" in message.subject
    [emailed_token] = re.findall(r"/es/report/status/link/([\w-]+)/", message.body)
    assert services.find_access_link(emailed_token).report == report


def test_request_for_information_waits_the_configured_days_and_tells_the_resident(emails, taker):
    WorkflowSettings.objects.update_or_create(pk=1, defaults={"info_request_days": 5})
    report, _token = make_report()

    report = emails(services.request_info, report, actor=taker, body="What colour was the bike?")

    assert report.status == Status.NEEDS_INFO
    assert report.info_requested_until.date() == (timezone.now() + timedelta(days=5)).date()
    assert report.messages.get().is_info_request
    assert "What colour was the bike?" in mail.outbox[-1].body


def test_answering_sends_the_report_back_for_review(taker):
    report, _token = make_report()
    services.request_info(report, actor=taker, body="Which rack?")

    report = services.answer_info_request(report, body="The one by the library.")

    assert report.status == Status.SUBMITTED
    assert report.info_requested_until is None
    assert report.messages.last().direction == Message.Direction.FROM_RESIDENT
    assert history_kinds(report)[-1] == HistoryEntry.Kind.STATUS


def test_an_answer_without_a_question_is_refused():
    report, _token = make_report()

    with pytest.raises(services.InvalidTransition):
        services.answer_info_request(report, body="Unasked")


def test_accepting_issues_a_case_number_and_emails_a_printable_copy(emails, taker):
    report, _token = make_report(
        items=[{"kind": "bicycle", "description": "Blue bike", "serial_number": "WTU1", "quantity": 1}]
    )

    report = emails(services.accept, report, actor=taker)

    assert report.status == Status.ACCEPTED
    assert report.case_number.startswith(f"C-{timezone.localdate():%Y}-")
    assert report.decided_at is not None
    email = mail.outbox[-1]
    assert report.case_number in email.subject
    assert "Blue bike" in email.body and "WTU1" in email.body
    assert "status page has this copy as a PDF" in email.body


def test_case_numbers_come_from_their_own_sequence(taker):
    first, _token = make_report()
    second, _token = make_report()

    a = services.accept(first, actor=taker).case_number
    b = services.accept(second, actor=taker).case_number

    assert a != b
    assert int(b[-6:]) == int(a[-6:]) + 1


def test_referring_tells_the_resident_the_reason_and_where_to_go(emails, taker):
    reason = make_reason(
        label="Parking", explanation="Traffic Control handles parking.", destination="traffic_control"
    )
    report, _token = make_report()

    report = emails(services.refer, report, actor=taker, reason=reason)

    assert (report.status, report.reason) == (Status.REFERRED, reason)
    assert "Traffic Control handles parking." in mail.outbox[-1].body


def test_declining_needs_a_decline_reason(emails, taker):
    report, _token = make_report()

    with pytest.raises(services.ReportingError):
        services.decline(report, actor=taker, reason=make_reason(action="refer"))

    report = emails(services.decline, report, actor=taker, reason=make_reason(action="decline"))
    assert report.status == Status.DECLINED
    assert report.reference in mail.outbox[-1].subject


def test_only_supervisors_reopen_and_an_accepted_report_keeps_its_case_number(taker):
    report, _token = make_report()
    report = services.accept(report, actor=taker)
    report = services.close(report, actor=taker)

    with pytest.raises(services.NotPermitted):
        services.reopen(report, actor=taker)

    report = services.reopen(report, actor=make_staff(SUPERVISORS))
    assert report.status == Status.ACCEPTED
    assert report.case_number


def test_a_closed_report_cannot_be_withdrawn():
    report, _token = make_report()
    services.withdraw(report)

    with pytest.raises(services.InvalidTransition):
        services.withdraw(report)


def test_reports_are_assigned_only_to_staff_who_work_on_them(taker):
    report, _token = make_report()

    with pytest.raises(services.ReportingError):
        services.assign(report, actor=taker, assignee=make_staff(OPI_STAFF))

    report = services.assign(report, actor=taker, assignee=taker)
    assert report.assigned_to == taker
    assert history_kinds(report)[-1] == HistoryEntry.Kind.ASSIGNMENT


def test_a_report_no_longer_open_cannot_be_assigned(taker):
    report, _token = make_report()
    services.withdraw(report)

    with pytest.raises(services.InvalidTransition):
        services.assign(report, actor=taker, assignee=taker)
    report.refresh_from_db()
    assert report.assigned_to is None


def test_scheduling_a_visit_tells_the_resident_when_and_where(emails, taker):
    report, _token = make_report(follow_up="visit", home_address="12 Elm St")
    tomorrow = timezone.localdate() + timedelta(days=1)

    visit = emails(
        services.schedule_visit,
        report,
        actor=taker,
        date=tomorrow,
        window_start=time(10),
        window_end=time(12),
        staff=taker,
        place="Your front door",
    )

    assert visit.report == report
    assert "Your front door" in mail.outbox[-1].body
    with pytest.raises(services.ReportingError):
        services.schedule_visit(
            report,
            actor=taker,
            date=tomorrow,
            window_start=time(12),
            window_end=time(10),
            staff=taker,
            place="x",
        )


def test_notes_are_recorded_in_the_history(taker):
    report, _token = make_report()

    services.add_note(report, actor=taker, text="Called the resident.")

    assert history_kinds(report)[-1] == HistoryEntry.Kind.NOTE
    assert report.history.last().actor == taker


def test_physical_evidence_keeps_a_chain_of_custody(taker):
    report, _token = make_report()
    evidence = services.log_evidence(
        report,
        actor=taker,
        kind="physical",
        description="Cut lock",
        tag_number="T-1",
        storage_location="Locker 4",
    )

    services.transfer_custody(
        evidence, actor=taker, from_holder="Ray", to_holder="Property room", storage_location="Shelf B"
    )

    evidence.refresh_from_db()
    assert evidence.storage_location == "Shelf B"
    assert [t.to_holder for t in evidence.custody_transfers.all()] == ["Property room"]
    assert history_kinds(report)[-2:] == [HistoryEntry.Kind.EVIDENCE, HistoryEntry.Kind.CUSTODY]


def test_overdue_requests_for_information_close_themselves_and_tell_the_resident(emails, taker):
    waiting, _token = make_report()
    services.request_info(waiting, actor=taker, body="Which rack?")
    answered, _token = make_report()
    services.request_info(answered, actor=taker, body="Which rack?")
    services.answer_info_request(answered, body="By the library")
    later = timezone.now() + timedelta(days=15)

    closed = emails(services.close_overdue_info_requests, now=later)

    assert closed == 1
    waiting.refresh_from_db()
    assert waiting.status == Status.CLOSED
    assert "closed" in mail.outbox[-1].subject
    assert Report.objects.get(pk=answered.pk).status == Status.SUBMITTED


def test_the_auto_close_command_reports_what_it_did(capsys):
    call_command("close_overdue_info_requests")

    assert "Closed 0 report(s)" in capsys.readouterr().out


def test_the_default_reasons_speak_the_residents_language(emails, taker):
    report, _token = make_report(language="so")
    reason = Reason.objects.get(label="Parking problem")

    emails(services.refer, report, actor=taker, reason=reason)

    assert "Xakamaynta Taraafikada" in mail.outbox[-1].body

"""Report takers are emailed (through the background tasks) when a resident files a report online
or answers, adds information or withdraws; the email names the report and links to its page,
and holds nothing the resident gave. Additions made within a few minutes make one email."""

from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.utils import timezone

from accounts.roles import OPI_STAFF, REPORT_TAKERS, SUPERVISORS, sync_roles
from reporting import notices, services
from reporting.models import PendingNotice, Report
from tests.config.test_tasks import DATABASE_TASKS, run_worker
from tests.factories import make_report, make_staff

pytestmark = pytest.mark.django_db

RESIDENT_DATA = ("Alex Resident", "alex@example.org", "350 S 5th St", "My bike was taken")


@pytest.fixture
def takers():
    return [make_staff(REPORT_TAKERS, email="taker@city.example"), make_staff(REPORT_TAKERS, email="")]


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the tasks a service queues after its commit; returns the report takers' notices."""

    def run(action, *args, **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            action(*args, **kwargs)
        return [email for email in mail.outbox if email.to != ["alex@example.org"]]

    return run


def test_a_report_filed_online_tells_the_report_takers_by_reference_and_link_only(run, takers):
    make_staff(SUPERVISORS, email="supervisor@city.example")
    make_staff(OPI_STAFF, email="opi@city.example")
    make_staff(REPORT_TAKERS, email="left@city.example", is_active=False)

    [notice] = run(make_report)

    report = Report.objects.get()
    assert notice.to == ["taker@city.example"]
    assert notice.subject == f"New report {report.reference}"
    assert f"http://127.0.0.1:8000/admin/reporting/report/{report.pk}/change/" in notice.body
    for personal in RESIDENT_DATA:
        assert personal not in notice.body
        assert personal not in notice.subject


def test_a_report_taken_by_staff_tells_no_one(run, takers):
    assert run(make_report, channel="phone", taken_by=takers[0]) == []


def test_no_notice_when_there_is_no_report_taker_with_an_email(run):
    make_staff(REPORT_TAKERS, email="")

    assert run(make_report) == []


def test_a_residents_answer_addition_and_withdrawal_each_tell_the_report_takers(run, takers):
    report, _token = make_report()
    services.request_info(report, actor=takers[0], body="Which rack?")

    [answered] = run(services.answer_info_request, report, body="The one by the library, my name is Alex")
    [added] = run(services.add_supplement, report, note="The lock was cut")
    [withdrew] = run(services.withdraw, report, reason="I found it")

    assert answered.subject == f"Report {report.reference}: the resident answered"
    assert added.subject == f"Report {report.reference}: the resident added information"
    assert withdrew.subject == f"Report {report.reference}: the resident withdrew it"
    for notice, typed in [(answered, "library"), (added, "lock was cut"), (withdrew, "found it")]:
        assert typed not in notice.body
        assert "Alex" not in notice.body


def test_an_answer_staff_write_down_from_a_phone_call_tells_no_one(run, takers):
    report, _token = make_report()
    services.request_info(report, actor=takers[0], body="Which rack?")

    assert run(services.answer_info_request, report, body="By the library", actor=takers[0]) == []


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_additions_reaches_the_report_takers_as_one_email_a_few_minutes_later(settings):
    sync_roles(apps)  # another transactional test's flush may have removed the groups
    settings.TASKS = DATABASE_TASKS  # as in production: the queue can hold a task back
    make_staff(REPORT_TAKERS, email="taker@city.example")
    report, _token = make_report()
    run_worker()
    mail.outbox.clear()
    start = timezone.now()

    for n in range(12):
        services.add_supplement(report, note=f"Addition {n}")
    run_worker()
    waited = list(mail.outbox)
    with time_machine.travel(start + timedelta(seconds=notices.NOTICE_SECONDS + 1)):
        run_worker()
        run_worker()  # a task run twice sends nothing more
        services.add_supplement(report, note="One more, later")
    with time_machine.travel(start + timedelta(seconds=2 * notices.NOTICE_SECONDS + 2)):
        run_worker()

    assert waited == []
    burst, later = mail.outbox
    assert burst.subject == later.subject == f"Report {report.reference}: the resident added information"
    assert "Additions told of in this email: 12." in burst.body
    assert "Additions told of in this email" not in later.body
    assert "Addition 3" not in burst.body
    assert not PendingNotice.objects.exists()


def test_a_report_sends_at_most_a_few_look_up_emails_a_day(takers):
    report, _token = make_report()
    mail.outbox.clear()

    for _ in range(5):
        services.send_access_link(report.reference, "ALEX@example.org")

    assert len([email for email in mail.outbox if email.to == ["alex@example.org"]]) == 3

"""Reminders of a booked visit, the day before and two hours before, each once; a text reminder
due in the quiet hours waits for the morning."""

import threading
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from icalendar import Calendar

from accounts.roles import REPORT_TAKERS, sync_roles
from reporting import services, sms
from reporting.models import Visit
from tests.factories import make_report, make_staff

pytestmark = pytest.mark.django_db

CITY = ZoneInfo("America/Chicago")
VISIT_DAY = date(2027, 3, 2)
PHONE_ONLY = {"email": "", "phone": "+16125550123", "full_name": "Sam Secretname"}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment on the City's clock, in March 2027 (the visits are on the 2nd)."""
    return datetime(2027, 3, day, hour, minute, tzinfo=CITY)


@pytest.fixture
def staff(db):
    return make_staff(REPORT_TAKERS)


def booked_at(moment: datetime, report, staff, *, hour: int = 10) -> Visit:
    with time_machine.travel(moment, tick=False):
        return services.schedule_visit(
            report,
            actor=staff,
            date=VISIT_DAY,
            window_start=time(hour),
            window_end=time(hour + 1),
            staff=staff,
            place="1 Hidden Lane",
        )


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the reminders' job at a moment, and the messages it queues; returns how many it queued."""

    def run(moment: datetime) -> int:
        mail.outbox.clear()
        sms.outbox.clear()
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            return services.send_visit_reminders()

    return run


def test_the_day_before_and_two_hours_before_reminders_go_once_each(remind, staff):
    report, _token = make_report()
    visit = booked_at(datetime(2027, 2, 22, 12, tzinfo=CITY), report, staff)

    assert remind(at(1, 9, 55)) == 0
    assert remind(at(1, 10)) == 1
    [email] = mail.outbox
    assert remind(at(1, 10, 10)) == 0
    assert remind(at(2, 7, 55)) == 0
    assert remind(at(2, 8)) == 1
    [later] = mail.outbox
    assert remind(at(2, 8, 10)) == 0
    assert remind(at(2, 10)) == 0

    assert email.subject == later.subject == f"Reminder: your visit about report {report.reference}"
    assert "This is a reminder of your visit" in email.body
    event = Calendar.from_ical(email.attachments[0][1]).events[0]
    assert (event["UID"], event.start) == (f"{visit.calendar_uid}@127.0.0.1", at(2, 10))
    visit.refresh_from_db()
    assert (visit.reminded_day_before_at, visit.reminded_hours_before_at) == (at(1, 10), at(2, 8))


def test_a_visit_booked_less_than_a_day_ahead_gets_only_the_two_hour_reminder(remind, staff):
    report, _token = make_report()
    booked_at(at(1, 12), report, staff)

    assert [remind(moment) for moment in (at(1, 12, 10), at(1, 20), at(2, 8))] == [0, 0, 1]


def test_a_visit_booked_less_than_two_hours_ahead_gets_no_reminder(remind, staff):
    report, _token = make_report()
    booked_at(at(2, 8, 30), report, staff)

    assert [remind(moment) for moment in (at(2, 8, 40), at(2, 9, 50))] == [0, 0]


def test_a_cancelled_visit_gets_no_reminder(remind, staff):
    report, _token = make_report()
    visit = booked_at(at(1, 8), report, staff)
    with time_machine.travel(at(1, 8, 30)):
        services.cancel_visit(visit)

    assert [remind(moment) for moment in (at(1, 10), at(2, 8))] == [0, 0]


def test_a_text_reminder_due_in_the_quiet_hours_waits_for_the_morning(remind, staff):
    texted, _token = make_report(**PHONE_ONLY)
    emailed, _token = make_report()
    booked_at(at(1, 8), texted, staff, hour=21)
    booked_at(at(1, 8), emailed, make_staff(REPORT_TAKERS), hour=21)

    assert remind(at(1, 21)) == 1
    assert [email.to for email in mail.outbox] == [["alex@example.org"]]
    assert sms.outbox == []
    assert remind(at(2, 7, 55)) == 0
    assert remind(at(2, 8)) == 1
    [(_number, body)] = sms.outbox
    assert remind(at(2, 8, 10)) == 0

    assert "Reminder of your visit about your report" in body and "will come to your home" in body
    assert "http://127.0.0.1:8000/report/visit/calendar/" in body
    assert "Sam" not in body and "Hidden" not in body


def test_a_text_reminder_whose_visit_starts_before_the_morning_is_not_sent(remind, staff):
    report, _token = make_report(**PHONE_ONLY)
    booked_at(at(1, 8), report, staff, hour=7)

    assert [remind(moment) for moment in (at(2, 5, 5), at(2, 8))] == [0, 0]


@pytest.mark.django_db(transaction=True)
def test_a_visit_another_run_is_reminding_is_left_to_it():
    sync_roles(apps)  # another transactional test's flush may have removed the groups
    staff = make_staff(REPORT_TAKERS)
    report, _token = make_report()
    visit = booked_at(at(1, 8), report, staff)
    locked, release = threading.Event(), threading.Event()

    def other_run():
        with transaction.atomic():
            Visit.objects.select_for_update().get(pk=visit.pk)
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_run)
    thread.start()
    locked.wait(10)
    with time_machine.travel(at(2, 8), tick=False):
        skipped = services.send_visit_reminders()
        release.set()
        thread.join()
        after = services.send_visit_reminders()

    assert (skipped, after) == (0, 1)


def test_the_reminders_command_says_how_many_it_queued(staff, capsys):
    report, _token = make_report()
    booked_at(at(1, 8), report, staff)

    with time_machine.travel(at(2, 8), tick=False):
        call_command("send_visit_reminders")

    assert "Queued 1 visit reminder(s)." in capsys.readouterr().out

"""The quiet hours: no text to a resident between 8 p.m. and 8 a.m. City time; a text queued
then waits for 8:00, while an email goes at once."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core import mail

from accounts.roles import REPORT_TAKERS, sync_roles
from reporting import services, sms
from tests.config.test_tasks import DATABASE_TASKS, run_worker
from tests.factories import make_report, make_staff

pytestmark = pytest.mark.django_db

CITY = ZoneInfo("America/Chicago")
PHONE_ONLY = {"email": "", "phone": "+16125550123", "full_name": "Sam Secretname"}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment on the City's clock, in March 2027."""
    return datetime(2027, 3, day, hour, minute, tzinfo=CITY)


@pytest.mark.parametrize(
    ("moment", "held_until"),
    [
        (at(1, 19, 59), None),
        (at(1, 20), at(2, 8)),
        (at(1, 23, 30), at(2, 8)),
        (at(2, 0, 30), at(2, 8)),
        (at(2, 7, 59), at(2, 8)),
        (at(2, 8), None),
    ],
)
def test_texts_wait_between_8_pm_and_8_am_city_time(moment, held_until):
    assert sms.quiet_until(moment) == held_until


@pytest.mark.django_db(transaction=True)
def test_a_text_queued_in_the_evening_goes_at_8_am_and_an_email_at_once(settings):
    sync_roles(apps)  # another transactional test's flush may have removed the groups
    staff = make_staff(REPORT_TAKERS)
    settings.TASKS = DATABASE_TASKS  # as in production: the queue can hold a task back
    with time_machine.travel(datetime(2026, 11, 2, 12, tzinfo=CITY), tick=False):  # a past noon: nothing held
        texted, _token = make_report(**PHONE_ONLY)
        emailed, _token = make_report()
        run_worker()
    sms.outbox.clear()
    mail.outbox.clear()

    with time_machine.travel(at(1, 21), tick=False):
        services.send_message(texted, actor=staff, body="We found your bike.")
        services.send_message(emailed, actor=staff, body="We found your bike.")
        run_worker()
        evening = (list(sms.outbox), [email.to for email in mail.outbox])
    with time_machine.travel(at(2, 7, 59), tick=False):
        run_worker()
        before_eight = list(sms.outbox)
    with time_machine.travel(at(2, 8), tick=False):
        run_worker()

    assert evening == ([], [["alex@example.org"]])
    assert before_eight == []
    [(_number, body)] = sms.outbox
    assert "wrote to you about your report" in body

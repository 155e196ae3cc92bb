"""Messages about a visit: each email carries the visit's calendar file, in the resident's
language, one event in their calendar however often the visit moves, and cancelled with the
visit; a text carries a single-use, expiring link to that file instead."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import formats, timezone, translation
from icalendar import Calendar

from accounts.roles import REPORT_TAKERS
from core import ratelimit
from reporting import emails, services, slots, sms
from reporting.models import CALENDAR_LINK_LIFETIME, CalendarLink, Visit
from tests.factories import make_reason, make_report, make_site, make_staff
from tests.reporting.staff.test_slots import MONDAY, available

pytestmark = pytest.mark.django_db

CITY = ZoneInfo("America/Chicago")
PHONE_ONLY = {
    "email": "",
    "phone": "+16125550123",
    "full_name": "Sam Secretname",
    "home_address": "1 Hidden Lane",
}
CALENDAR_LINK = re.compile(r"http://127\.0\.0\.1:8000(/report/visit/calendar/[^/ ]+/)")


@pytest.fixture
def staff(db):
    return make_staff(REPORT_TAKERS)


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run a workflow and the messages it queues after its commit; returns what it returned."""

    def run(action, *args, **kwargs):
        mail.outbox.clear()
        sms.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def book(report, staff, *, days=2, hour=10, site=None) -> Visit:
    return services.schedule_visit(
        report,
        actor=staff,
        date=timezone.localdate() + timedelta(days=days),
        window_start=time(hour),
        window_end=time(hour + 1),
        staff=staff,
        site=site,
        place="" if site else "1 Hidden Lane",
    )


def calendar_of(email) -> Calendar:
    [(filename, content, mimetype)] = email.attachments
    assert (filename, mimetype) == ("visit.ics", "text/calendar")
    return Calendar.from_ical(content)


def event_of(calendar: Calendar):
    [event] = calendar.events
    return event


def test_the_booking_email_carries_the_visits_calendar_file_on_the_citys_clock(sent, staff):
    report, _token = make_report()
    site = make_site(name="Eastside Office", address="1 Example St\nMinneapolis, MN")

    visit = sent(book, report, staff, site=site)

    [email] = mail.outbox
    assert email.to == ["alex@example.org"]
    calendar = calendar_of(email)
    event = event_of(calendar)
    assert calendar["METHOD"] == "REQUEST"
    assert event["UID"] == f"{visit.calendar_uid}@127.0.0.1"
    assert event["SEQUENCE"] == 0
    assert event.start == datetime.combine(visit.date, time(10), tzinfo=CITY)
    assert str(event.start.tzinfo) == str(event.end.tzinfo) == "America/Chicago"
    assert event.end - event.start == timedelta(hours=1)
    assert [zone.tz_name for zone in calendar.timezones] == ["America/Chicago"]
    assert event["LOCATION"] == "Eastside Office, 1 Example St, Minneapolis, MN"
    assert report.reference in event["SUMMARY"]
    assert "Alex" not in calendar.to_ical().decode()


def test_a_home_visits_calendar_file_names_no_address(sent, staff):
    report, _token = make_report(home_address="1 Hidden Lane")

    sent(book, report, staff)

    [email] = mail.outbox
    assert "1 Hidden Lane" in email.body  # the email says where, as before
    event = event_of(calendar_of(email))
    assert event["LOCATION"] == "Your home, or the address you gave us"
    assert "Hidden" not in calendar_of(email).to_ical().decode()


def test_the_calendar_file_speaks_the_residents_language(sent, staff):
    report, _token = make_report(language="so")

    sent(book, report, staff)

    [email] = mail.outbox
    assert email.subject.startswith("Shaqaale Magaalada ah ayaa kuu imanaya warbixinta")
    event = event_of(calendar_of(email))
    assert event["ORGANIZER"].params["CN"] == "Magaalada Minneapolis"


def test_a_moved_visit_is_the_same_event_one_step_on(sent, staff):
    report, _token = make_report()
    available(staff, site=make_site(), weekday=MONDAY.weekday())
    first, second = slots.free_slots(first_day=MONDAY, days=1)[:2]
    booked = sent(services.book_slot, report, actor=staff, slot=first)
    [booking] = mail.outbox

    moved = sent(services.move_visit, booked, actor=staff, slot=second)

    [email] = mail.outbox
    assert email.subject == f"Your visit about report {report.reference} has a new time"
    before, after = event_of(calendar_of(booking)), event_of(calendar_of(email))
    assert after["UID"] == before["UID"] == f"{booked.calendar_uid}@127.0.0.1"
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.start == second.starts_at == moved.starts_at
    assert calendar_of(email)["METHOD"] == "REQUEST"


def test_a_report_submitted_with_a_visit_says_when_and_carries_its_calendar_file(sent, staff):
    available(staff, site=make_site(), weekday=MONDAY.weekday())
    slot = slots.free_slots(first_day=MONDAY, days=1)[0]

    report, _token = sent(make_report, slot=slot)

    [email] = [email for email in mail.outbox if email.to == ["alex@example.org"]]
    assert email.subject == f"We received your report {report.reference}"
    assert "A City staff member will come to see you on" in email.body
    assert event_of(calendar_of(email)).start == slot.starts_at


def test_a_report_submitted_without_a_visit_has_no_attachment(sent):
    sent(make_report)

    [email] = [email for email in mail.outbox if email.to == ["alex@example.org"]]
    assert email.attachments == []
    assert "come to see you" not in email.body


def cancel_by_resident(visit, staff):
    services.cancel_visit(visit)


def cancel_by_the_city(visit, staff):
    services.record_visit(visit, actor=staff, outcome=Visit.Outcome.CANCELLED_BY_CITY)


def withdraw(visit, staff):
    services.withdraw(visit.report, reason="Found it")


def refer(visit, staff):
    services.refer(visit.report, actor=staff, reason=make_reason())


def decline(visit, staff):
    services.decline(visit.report, actor=staff, reason=make_reason(action="decline"))


@pytest.mark.parametrize("cancel", [cancel_by_resident, cancel_by_the_city, withdraw, refer, decline])
def test_a_cancelled_visit_tells_the_resident_and_cancels_the_event(sent, staff, cancel):
    report, _token = make_report()
    visit = book(report, staff)

    sent(cancel, visit, staff)

    [email] = [
        email for email in mail.outbox if email.to == ["alex@example.org"] and "cancelled" in email.subject
    ]
    assert email.subject == f"Your visit about report {report.reference} is cancelled"
    assert email.to == ["alex@example.org"]
    calendar = calendar_of(email)
    event = event_of(calendar)
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["UID"] == f"{visit.calendar_uid}@127.0.0.1"
    assert event["SEQUENCE"] == 1


def test_a_moved_visit_sends_no_cancellation(sent, staff):
    report, _token = make_report()
    available(staff, site=make_site(), weekday=MONDAY.weekday())
    first, second = slots.free_slots(first_day=MONDAY, days=1)[:2]
    booked = services.book_slot(report, actor=staff, slot=first)

    sent(services.move_visit, booked, actor=staff, slot=second)

    assert [email.subject for email in mail.outbox] == [
        f"Your visit about report {report.reference} has a new time"
    ]


# Texts


def calendar_path(body: str) -> str:
    return CALENDAR_LINK.search(body).group(1)


def test_a_text_about_a_visit_carries_a_calendar_link_and_nothing_personal(sent, staff):
    report, _token = make_report(**PHONE_ONLY)

    sent(book, report, staff)

    [(_number, body)] = sms.outbox
    assert "Add it to your calendar: http://127.0.0.1:8000/report/visit/calendar/" in body
    for personal in ("Sam", "Secretname", "Hidden Lane", "350 S 5th St"):
        assert personal not in body
    assert CalendarLink.objects.count() == 1
    assert calendar_path(body).split("/")[-2] not in CalendarLink.objects.values_list("token_hash", flat=True)


def test_a_text_says_where_to_meet_at_a_city_site_and_that_staff_come_home_otherwise(sent, staff):
    at_site, _token = make_report(**PHONE_ONLY)
    at_home, _token = make_report(**PHONE_ONLY)

    sent(book, at_site, staff, site=make_site(name="Eastside Office"))
    [(_number, site_text)] = sms.outbox
    sent(book, at_home, staff, hour=14)
    [(_number, home_text)] = sms.outbox

    assert "from 10 a.m. to 11 a.m., meet City staff at Eastside Office." in site_text
    assert "from 2 p.m. to 3 p.m., a City staff member will come to your home." in home_text
    assert ".." not in site_text + home_text


def test_the_calendar_link_asks_first_then_gives_the_file_once(sent, staff, resident):
    report, _token = make_report(**PHONE_ONLY)
    visit = sent(book, report, staff)
    [(_number, body)] = sms.outbox
    path = calendar_path(body)

    asked = resident.get(path)
    asked_again = resident.get(path)  # a link scanner's visit spends nothing
    spent = resident.post(path)
    again = resident.post(path)
    opened_again = resident.get(path)

    assert asked.status_code == asked_again.status_code == 200
    assert "Get the calendar file" in asked.content.decode()
    assert spent.status_code == 200
    assert spent["Content-Type"] == "text/calendar"
    assert spent["Content-Disposition"] == 'attachment; filename="visit.ics"'
    event = event_of(Calendar.from_ical(spent.content))
    assert event["UID"] == f"{visit.calendar_uid}@127.0.0.1"
    assert event.start == visit.starts_at
    assert again.status_code == opened_again.status_code == 410
    assert "This link no longer works" in again.content.decode()


def test_an_expired_calendar_link_no_longer_works(sent, staff, resident):
    report, _token = make_report(**PHONE_ONLY)
    sent(book, report, staff, days=20)
    [(_number, body)] = sms.outbox

    with time_machine.travel(timezone.now() + CALENDAR_LINK_LIFETIME + timedelta(minutes=1)):
        assert resident.get(calendar_path(body)).status_code == 410
        assert resident.post(calendar_path(body)).status_code == 410


def test_an_unknown_calendar_link_no_longer_works(resident):
    assert resident.get("/report/visit/calendar/not-a-token/").status_code == 410


def test_a_calendar_link_to_a_visit_since_moved_gives_its_new_time(sent, staff, resident):
    report, _token = make_report(**PHONE_ONLY)
    available(staff, site=make_site(), weekday=MONDAY.weekday())
    first, second = slots.free_slots(first_day=MONDAY, days=1)[:2]
    booked = sent(services.book_slot, report, actor=staff, slot=first)
    [(_number, body)] = sms.outbox
    sent(services.move_visit, booked, actor=staff, slot=second)

    event = event_of(Calendar.from_ical(resident.post(calendar_path(body)).content))

    assert (event["SEQUENCE"], event.start) == (1, second.starts_at)


def test_calendar_links_are_rate_limited_per_client(sent, staff, resident, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "link", (2, 3600))
    report, _token = make_report(**PHONE_ONLY)
    sent(book, report, staff)
    [(_number, body)] = sms.outbox

    statuses = [resident.get(calendar_path(body)).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_a_cancelled_visits_text_links_to_the_cancellation(sent, staff, resident):
    report, _token = make_report(**PHONE_ONLY)
    visit = book(report, staff)

    sent(services.cancel_visit, visit)

    [(_number, body)] = sms.outbox
    assert "is cancelled" in body
    calendar = Calendar.from_ical(resident.post(calendar_path(body)).content)
    assert calendar["METHOD"] == "CANCEL"


def test_expired_calendar_links_are_pruned_with_the_other_links(sent, staff):
    report, _token = make_report(**PHONE_ONLY)
    sent(book, report, staff)

    with time_machine.travel(timezone.now() + CALENDAR_LINK_LIFETIME + timedelta(days=1, minutes=1)):
        services.clean_expired_drafts()

    assert not CalendarLink.objects.exists()


# Texts held for the morning


def window(slot) -> str:
    return f"from {formats.time_format(slot.start)} to {formats.time_format(slot.end)}"


def test_a_text_held_for_the_morning_gives_only_the_time_that_still_holds(sent, staff):
    """A phone-only resident books at night, then moves the visit: the texts of the booking wait
    for 8 a.m. and must not give the first time when they go."""
    report, _token = make_report(**PHONE_ONLY)
    available(staff, site=make_site(name="Eastside Office"), weekday=MONDAY.weekday())
    first, second = slots.free_slots(first_day=MONDAY, days=1)[:2]
    booked = services.book_slot(report, actor=staff, slot=first, tell=False)
    moved = services.move_visit(booked, actor=None, slot=second)
    sms.outbox.clear()

    assert emails.tell_resident.call(report.pk, "visit", visit_id=booked.pk) is False
    assert sms.outbox == []

    assert emails.tell_resident.call(report.pk, "submitted", visit_id=booked.pk) is True
    [(_number, body)] = sms.outbox
    assert f"{report.reference}" in body
    assert window(second) in body
    assert window(first) not in body

    services.cancel_visit(moved)
    sms.outbox.clear()
    assert emails.tell_resident.call(report.pk, "visit_moved", visit_id=moved.pk) is False
    assert emails.tell_resident.call(report.pk, "submitted", visit_id=booked.pk) is True
    [(_number, body)] = sms.outbox
    assert "We received your report" in body
    assert "meet City staff" not in body
    assert "calendar" not in body


def test_a_city_sites_name_reads_in_the_readers_language_whoever_booked(staff):
    site = make_site(name="Eastside Office", name_so="Xafiiska Bari")
    report, _token = make_report(language="so")
    with translation.override("so"):
        visit = book(report, staff, site=site)

    with translation.override("en"):
        assert visit.where.startswith("Eastside Office, ")
    with translation.override("so"):
        assert visit.where.startswith("Xafiiska Bari, ")

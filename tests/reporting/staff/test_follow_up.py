"""What happened at a visit and on a follow-up call, recorded on the report page: the report's
status follows, a moved or cancelled visit frees the staff member's time, and mistakes are
said on the form."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from reporting import services
from reporting.models import Call, HistoryEntry, Report, Visit, refresh_follow_up
from tests.factories import make_reason, make_report, make_site, open_report
from tests.reporting.staff.admin_pages import act, page_url
from tests.reporting.staff.test_data_rules import DOUBLE_BOOKED, book

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone_report(db):
    report, _token = make_report(follow_up="phone", phone="612-555-0123")
    return report


def booked_visit(report, staff, *, days=1, hour=10, site=None):
    return services.schedule_visit(
        report,
        actor=staff,
        date=timezone.localdate() + timedelta(days=days),
        window_start=time(hour),
        window_end=time(hour + 1),
        staff=staff,
        site=site,
        place="" if site else "At home",
    )


def came(visit: Visit) -> Visit:
    """The visit's day has come."""
    Visit.objects.filter(pk=visit.pk).update(date=timezone.localdate())
    visit.refresh_from_db()
    return visit


def test_a_visit_held_where_the_report_was_taken_accepts_it_with_its_evidence(report_taker, report):
    visit = came(booked_visit(report, report_taker.user))
    evidence = services.log_evidence(
        report,
        actor=report_taker.user,
        kind="physical",
        description="Cut lock",
        tag_number="T-77",
        storage_location="Locker 2",
    )

    response = act(
        report_taker,
        report,
        "record_visit",
        visit=visit.pk,
        outcome="held",
        report_taken="on",
        evidence=[evidence.pk],
        minutes=45,
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    report.refresh_from_db()
    assert (visit.outcome, visit.report_taken, visit.minutes) == ("held", True, 45)
    assert list(visit.evidence_collected.all()) == [evidence]
    assert visit.recorded_by == report_taker.user
    assert report.status == "accepted" and report.case_number
    recorded = report.history.get(kind=HistoryEntry.Kind.VISIT_RECORDED)
    assert "Held" in recorded.text and "Cut lock" in recorded.text and "45 minutes" in recorded.text
    page = report_taker.get(page_url(report)).content.decode()
    assert "report taken" in page and "45 minutes" in page


def test_a_visit_still_to_come_can_be_cancelled_but_not_called_held(report_taker, report):
    visit = booked_visit(report, report_taker.user)

    refused = act(report_taker, report, "record_visit", visit=visit.pk, outcome="held", minutes=30)

    assert refused.status_code == 200
    assert "This visit is still to come: it can only be moved or cancelled." in refused.content.decode()
    assert 'value="30"' in refused.content.decode()  # nothing typed is lost
    visit.refresh_from_db()
    assert visit.outcome == "booked"

    act(report_taker, report, "record_visit", visit=visit.pk, outcome="cancelled_resident")
    visit.refresh_from_db()
    assert visit.outcome == "cancelled_resident"


def test_a_report_is_taken_only_at_a_visit_that_was_held(report_taker, report):
    visit = came(booked_visit(report, report_taker.user))

    response = act(
        report_taker, report, "record_visit", visit=visit.pk, outcome="not_there", report_taken="on"
    )

    assert "Only at a visit that was held." in response.content.decode()
    visit.refresh_from_db()
    assert visit.outcome == "booked"


def test_what_happened_is_recorded_once(report_taker, report):
    visit = came(booked_visit(report, report_taker.user))
    services.record_visit(visit, actor=report_taker.user, outcome="not_there")

    with pytest.raises(services.ReportingError):
        services.record_visit(visit, actor=report_taker.user, outcome="held")
    # The page no longer offers the form, and says so to a second tab that posts it.
    response = act(report_taker, report, "record_visit", visit=visit.pk, outcome="held")
    assert "There is nothing left on this report for: Record what happened at a visit." in (
        response.content.decode()
    )
    visit.refresh_from_db()
    assert visit.outcome == "not_there"


def test_a_cancelled_or_moved_visit_frees_the_staff_members_time(report_taker, report):
    visit = booked_visit(report, report_taker.user)
    refused = book(report_taker, report, report_taker.user, start="10:00", end="11:00")
    assert DOUBLE_BOOKED in refused.content.decode()

    services.record_visit(visit, actor=report_taker.user, outcome="moved")
    booked = book(report_taker, report, report_taker.user, start="10:00", end="11:00")

    assert booked.status_code == 302
    assert report.visits.filter(outcome="booked").count() == 1


def test_a_visit_at_a_city_site_is_at_its_address(report_taker, report):
    site = make_site(name="Demo site: Lake Street", address="10 Example Ave\nMinneapolis", room="Desk 3")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    act(
        report_taker,
        report,
        "visit",
        date=tomorrow,
        window_start="09:00",
        window_end="09:30",
        staff=report_taker.user.pk,
        site=site.pk,
        place="",
    )

    visit = report.visits.get()
    assert visit.site == site
    assert visit.place == "Demo site: Lake Street, 10 Example Ave, Minneapolis, Desk 3"


def test_a_visit_needs_a_site_or_a_place(report_taker, report):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = act(
        report_taker,
        report,
        "visit",
        date=tomorrow,
        window_start="09:00",
        window_end="09:30",
        staff=report_taker.user.pk,
        place=" ",
    )

    assert "Choose a City site or say where the visit is." in response.content.decode()
    assert not report.visits.exists()


def test_an_answered_call_where_the_report_was_taken_accepts_it(report_taker, phone_report):
    act(report_taker, phone_report, "call", result="no_answer", minutes=1)
    act(
        report_taker,
        phone_report,
        "call",
        result="answered",
        report_taken="on",
        outcome="Went through the items.",
        minutes=12,
    )

    phone_report.refresh_from_db()
    assert phone_report.status == "accepted"
    assert list(phone_report.calls.values_list("result", "minutes")) == [("no_answer", 1), ("answered", 12)]
    assert phone_report.calls.last().staff == report_taker.user
    assert phone_report.history.filter(kind=HistoryEntry.Kind.CALL).count() == 2


def test_a_call_not_answered_takes_no_report(report_taker, phone_report):
    response = act(report_taker, phone_report, "call", result="wrong_number", report_taken="on")

    assert "Only on a call that was answered." in response.content.decode()
    assert not Call.objects.exists()


def test_only_staff_who_work_on_reports_record_a_call(opi_staff, phone_report):
    response = act(opi_staff, phone_report, "call", result="answered")

    assert response.status_code == 403
    assert not Call.objects.exists()


def test_the_resident_sees_a_cancelled_visit_as_cancelled(report_taker, resident, report):
    visit = booked_visit(report, report_taker.user)
    services.record_visit(visit, actor=report_taker.user, outcome="cancelled_city")
    open_report(resident, report)

    page = resident.get(f"/report/status/{report.reference}/").content.decode()

    assert "At home (cancelled)" in page


def test_each_report_keeps_what_its_visits_and_calls_came_to(report_taker, report, phone_report):
    site = make_site()
    held = came(booked_visit(report, report_taker.user, site=site))
    services.record_visit(held, actor=report_taker.user, outcome="held", minutes=30)
    missed = came(booked_visit(report, report_taker.user, hour=14))
    services.record_visit(missed, actor=report_taker.user, outcome="not_there", minutes=20)
    services.record_call(phone_report, actor=report_taker.user, result="answered", minutes=5)

    report.refresh_from_db()
    phone_report.refresh_from_db()
    assert report.visited_at == timezone.make_aware(datetime.combine(timezone.localdate(), time(10)))
    assert (report.visit_site, report.visits_not_kept, report.staff_minutes) == (site, 1, 50)
    assert not report.call_answered
    assert (phone_report.call_answered, phone_report.staff_minutes, phone_report.visited_at) == (
        True,
        5,
        None,
    )


def test_recounting_every_report_gives_what_recording_kept(report_taker, report, phone_report):
    services.record_visit(
        came(booked_visit(report, report_taker.user)), actor=report_taker.user, outcome="held"
    )
    services.record_call(phone_report, actor=report_taker.user, result="no_answer", minutes=3)
    kept = list(Report.objects.order_by("pk").values_list(*FIGURES))
    Report.objects.update(visited_at=None, call_answered=True, visits_not_kept=9, staff_minutes=None)

    refresh_follow_up(None)

    assert list(Report.objects.order_by("pk").values_list(*FIGURES)) == kept


FIGURES = ("visited_at", "visit_site", "call_answered", "visits_not_kept", "staff_minutes")


@pytest.mark.parametrize(
    ("decide", "outcome"),
    [
        (
            lambda report, staff: services.decline(report, actor=staff, reason=make_reason(action="decline")),
            "cancelled_city",
        ),
        (
            lambda report, staff: services.refer(report, actor=staff, reason=make_reason(action="refer")),
            "cancelled_city",
        ),
        (lambda report, staff: services.withdraw(report), "cancelled_resident"),
    ],
    ids=["declined", "referred", "withdrawn"],
)
def test_a_report_that_ends_cancels_its_booked_visits_and_says_why(report_taker, report, decide, outcome):
    visit = booked_visit(report, report_taker.user)
    held = came(booked_visit(report, report_taker.user, hour=15))
    services.record_visit(held, actor=report_taker.user, outcome="held")

    decide(report, report_taker.user)

    visit.refresh_from_db()
    held.refresh_from_db()
    assert (visit.outcome, held.outcome) == (outcome, "held")
    assert visit.recorded_at is not None
    why = report.history.filter(kind=HistoryEntry.Kind.VISIT_RECORDED).last().text
    assert why.endswith(str(Report.objects.get(pk=report.pk).get_status_display()))
    # The time is free again for another report.
    other, _token = make_report()
    services.schedule_visit(
        other,
        actor=report_taker.user,
        date=visit.date,
        window_start=visit.window_start,
        window_end=visit.window_end,
        staff=report_taker.user,
        place="Elsewhere",
    )


def test_a_resident_who_asked_to_be_called_to_arrange_a_visit_is_pointed_out_until_one_is_booked(
    report_taker,
):
    report, _token = make_report(follow_up="visit", phone="612-555-0100", email="")

    waiting = report_taker.get(page_url(report)).content.decode()
    booked_visit(report, report_taker.user)
    booked = report_taker.get(page_url(report)).content.decode()

    assert "no time booked yet: contact the resident to arrange one (612-555-0100)" in waiting
    assert "no time booked yet" not in booked

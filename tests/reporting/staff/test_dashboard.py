"""The staff dashboard for report takers and Supervisors: who may open it, every figure against
values worked out by hand, the notices of what residents did, and its cost in queries."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting import services
from reporting.dashboard import staff_dashboard, working_days_before
from reporting.models import Report, Visit, WorkflowSettings
from tests.factories import make_report
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db
Status = Report.Status
CHICAGO = ZoneInfo("America/Chicago")
DASHBOARD = reverse("admin:reporting_report_dashboard")
# A Wednesday at noon in Minneapolis.
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=CHICAGO)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026, Minneapolis time."""
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO)


def report_made(created_at: datetime, **changes) -> Report:
    report, _token = make_report()
    Report.objects.filter(pk=report.pk).update(created_at=created_at, **changes)
    report.refresh_from_db()
    return report


def test_anonymous_visitors_are_sent_to_sign_in(anonymous):
    response = anonymous.get(DASHBOARD)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["opi_staff", "staff_without_group"])
def test_staff_outside_reporting_cannot_open_the_dashboard(persona, request):
    assert request.getfixturevalue(persona).get(DASHBOARD).status_code == 403


@pytest.mark.parametrize("persona", ["report_taker", "supervisor"])
def test_report_takers_and_supervisors_open_the_dashboard_from_the_queue(persona, request):
    client = request.getfixturevalue(persona)

    assert DASHBOARD in client.get(reverse("admin:reporting_report_changelist")).content.decode()
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "Reports dashboard" in response.content.decode()


@pytest.mark.parametrize(
    ("moment", "days", "expected"),
    [
        (at(25, 10), 2, at(23, 10)),  # Wednesday: back to Monday
        (at(23, 10), 2, at(19, 10)),  # Monday: the weekend does not count, back to Thursday
        (at(28, 10), 2, at(26, 10)),  # Saturday: back to Thursday
        (at(25, 10), 5, at(18, 10)),  # a whole working week: a week back
    ],
)
def test_the_target_time_counts_working_days_only(moment, days, expected):
    assert working_days_before(moment, days) == expected


@pytest.fixture
def week_of_reports(report_taker):
    """Reports around NOW, each described with what it counts for."""
    late_monday = report_made(at(23, 11))  # waiting, past 2 working days (cutoff Monday noon)
    report_made(at(23, 13))  # waiting, within target
    late_friday = report_made(at(20, 9))  # waiting, past target; last week, after Wednesday noon
    asked = report_made(at(17, 10))  # last week by Wednesday noon
    services.request_info(asked, actor=report_taker.user, body="Which rack?")
    Report.objects.filter(pk=asked.pk).update(info_requested_until=NOW + timedelta(days=1))
    asked_later = report_made(NOW - timedelta(hours=1))  # this week
    services.request_info(asked_later, actor=report_taker.user, body="Which rack?")
    Report.objects.filter(pk=asked_later.pk).update(info_requested_until=NOW + timedelta(days=10))
    accepted = report_made(at(16, 8))  # last week by Wednesday noon
    services.accept(accepted, actor=report_taker.user)
    Report.objects.filter(pk=accepted.pk).update(decided_at=at(24, 9))  # decided this week
    declined = report_made(at(18, 11), status=Status.DECLINED, decided_at=at(18, 11, 30))
    report_made(at(18, 13), status=Status.CLOSED)  # last week, after Wednesday noon
    return {"late_monday": late_monday, "late_friday": late_friday, "asked": asked, "declined": declined}


def test_every_figure_matches_the_reports_counted_by_hand(week_of_reports):
    figures = staff_dashboard(now=NOW)

    assert figures.waiting == [
        ("Submitted", 3),
        ("More information needed", 2),
        ("Accepted", 1),
    ]
    assert figures.counts["past_target"] == 2
    assert figures.counts["running_out"] == 1
    assert figures.counts["received_this_week"] == 3  # Monday 11:00, Monday 13:00, Wednesday 11:00
    assert figures.counts["received_last_week"] == 3  # Monday 16th to Wednesday 18th noon
    assert figures.counts["decided_this_week"] == 1
    assert figures.counts["decided_last_week"] == 1


def test_the_oldest_waiting_reports_come_first_with_those_past_their_target(week_of_reports):
    oldest = staff_dashboard(now=NOW).oldest_waiting

    assert [(report.created_at, late) for report, late in oldest] == [
        (at(20, 9), True),
        (at(23, 11), True),
        (at(23, 13), False),
    ]


def test_a_longer_target_makes_fewer_reports_late(week_of_reports):
    WorkflowSettings.objects.update_or_create(pk=1, defaults={"first_review_days": 3})

    figures = staff_dashboard(now=NOW)

    assert figures.target_days == 3
    assert figures.counts["past_target"] == 1  # only Friday's: the cutoff is Friday noon


def test_the_requests_running_out_are_listed_soonest_first(week_of_reports):
    running_out = staff_dashboard(now=NOW).running_out

    assert running_out == [week_of_reports["asked"]]


def test_visits_booked_for_the_next_seven_days_on_open_reports_are_listed(report_taker):
    today = timezone.localdate()
    open_report, _token = make_report()
    closed_report, _token = make_report()
    services.close(closed_report, actor=report_taker.user)
    window = {"window_start": time(9), "window_end": time(11), "staff": report_taker.user, "place": "Home"}
    soon = Visit.objects.create(report=open_report, date=today + timedelta(days=1), **window)
    Visit.objects.create(report=open_report, date=today + timedelta(days=8), **window)
    Visit.objects.create(report=open_report, date=today - timedelta(days=1), **window)
    Visit.objects.create(report=closed_report, date=today + timedelta(days=2), **window)
    Visit.objects.create(
        report=open_report,
        date=today + timedelta(days=3),
        outcome="moved",
        recorded_at=timezone.now(),
        **window,
    )

    assert staff_dashboard().visits == [soon]


def test_staff_are_told_when_residents_answer_add_information_or_withdraw(report_taker):
    answered, _token = make_report()
    services.request_info(answered, actor=report_taker.user, body="Which rack?")
    services.answer_info_request(answered, body="The one by the library.")
    added, _token = make_report()
    services.add_supplement(added, note="I found the receipt.")
    withdrawn, _token = make_report()
    services.withdraw(withdrawn)
    # What staff did themselves is no news to them.
    taken_down, _token = make_report()
    services.request_info(taken_down, actor=report_taker.user, body="Which rack?")
    services.answer_info_request(taken_down, body="By phone.", actor=report_taker.user)
    services.accept(make_report()[0], actor=report_taker.user)

    notices = staff_dashboard().notices

    assert [(entry.report, text) for entry, text in notices] == [
        (withdrawn, "The resident withdrew the report."),
        (added, "The resident added information."),
        (answered, "The resident answered the request for information."),
    ]
    html = report_taker.get(DASHBOARD).content.decode()
    assert "The resident withdrew the report." in html
    assert withdrawn.reference in html


def test_the_page_warns_of_reports_past_their_target_and_shows_no_personal_data(report_taker):
    late = report_made(timezone.now() - timedelta(days=10))
    report_made(timezone.now())

    html = assert_valid_html(report_taker.get(DASHBOARD))

    assert "1 new report has waited more than 2 working days for a first review." in html
    assert late.reference in html
    assert "Alex Resident" not in html
    assert "alex@example.org" not in html


def test_the_dashboard_costs_the_same_queries_with_more_reports(report_taker, django_assert_max_num_queries):
    report_made(timezone.now() - timedelta(days=10))
    with django_assert_max_num_queries(14):
        report_taker.get(DASHBOARD)

    for number in range(12):
        report = report_made(timezone.now() - timedelta(days=number))
        if number % 2:
            services.withdraw(report)
        else:
            services.add_supplement(report, note="More")
        Visit.objects.create(
            report=make_report()[0],
            date=timezone.localdate() + timedelta(days=number % 7),
            # One staff member is never booked twice at one time.
            window_start=time(9 + number // 7),
            window_end=time(10 + number // 7),
            staff=report_taker.user,
            place="Home",
        )

    with django_assert_max_num_queries(14):
        response = report_taker.get(DASHBOARD)
    assert response.status_code == 200

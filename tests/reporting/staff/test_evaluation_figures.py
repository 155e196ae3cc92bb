"""The R4 evaluation's figures counted from reports, against values worked out by hand."""

import itertools
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from reporting import aggregates, retention, services
from reporting.models import Report, ScreeningExit, Visit
from tests.factories import make_reason, make_report, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(report_taker):
    """Six reports: two accepted (one then closed), one referred, one declined, one withdrawn,
    one waiting; one resident asked for a visit and got one, one for a call."""
    taker = report_taker.user
    accepted, _t = make_report(race_ethnicity="black", age_range="25_34", gender="woman")
    services.accept(accepted, actor=taker)
    closed, _t = make_report(race_ethnicity="black", follow_up="visit", phone="612-555-0100")
    services.accept(closed, actor=taker)
    services.schedule_visit(
        closed,
        actor=taker,
        date=timezone.localdate() + timedelta(days=1),
        window_start=time(9),
        window_end=time(11),
        staff=taker,
        place="At home",
    )
    services.close(closed, actor=taker)
    referred, _t = make_report(
        race_ethnicity="white", channel="phone", taken_by=taker, follow_up="phone", phone="612-555-0101"
    )
    services.refer(referred, actor=taker, reason=make_reason(action="refer"))
    declined, _t = make_report(race_ethnicity="white", channel="in_person", taken_by=taker)
    services.decline(declined, actor=taker, reason=make_reason(action="decline"))
    withdrawn, _t = make_report(gender="man")
    services.withdraw(withdrawn)
    make_report(race_ethnicity="prefer_not")
    for report, days in ((accepted, 1), (closed, 2), (referred, 3), (declined, 10)):
        Report.objects.filter(pk=report.pk).update(decided_at=report.created_at + timedelta(days=days))


def test_decisions_count_an_accepted_then_closed_report_as_accepted(reports):
    figures = aggregates.pilot_figures()

    assert figures["reports"] == 6
    assert figures["decisions"] == {
        "accepted": 2,
        "referred": 1,
        "declined": 1,
        "withdrawn": 1,
        "closed": 0,
        "waiting": 1,
    }
    assert figures["by_channel"] == {"online": 4, "phone": 1, "in_person": 1}


def test_a_visit_booked_or_a_number_not_yet_called_gives_nobody_their_follow_up(reports):
    figures = aggregates.pilot_figures()

    assert figures["follow_up"] == {"online": 4, "phone": 1, "visit": 1}
    # Online: accepted and declined (decided); not the withdrawn or the waiting one. The visit is
    # only booked, and nobody called the resident who chose a call.
    assert figures["follow_up_given"] == {"online": 2, "phone": 0, "visit": 0}


HOURS = itertools.count(8)


def visit_that_came(report, taker, *, days_after: int, site=None):
    """A visit booked for the report, an hour of today that no other visit of the test has, the
    report made `days_after` days before."""
    hour = next(HOURS) % 24
    visit = services.schedule_visit(
        report,
        actor=taker,
        date=timezone.localdate() + timedelta(days=1),
        window_start=time(hour),
        window_end=time(hour, 59),
        staff=taker,
        site=site,
        place="" if site else "At home",
    )
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(days=days_after))
    Visit.objects.filter(pk=visit.pk).update(date=timezone.localdate())
    visit.refresh_from_db()
    return visit


def test_a_visit_counts_once_held_and_a_call_once_answered(report_taker):
    taker = report_taker.user
    site = make_site(name="Demo site")
    phoned, _t = make_report(follow_up="phone", phone="612-555-0101", channel="phone", taken_by=taker)
    services.record_call(phoned, actor=taker, result="no_answer", minutes=2)
    visited_at_home, _t = make_report(follow_up="visit", phone="612-555-0102")
    services.record_visit(
        visit_that_came(visited_at_home, taker, days_after=2), actor=taker, outcome="not_there", minutes=40
    )
    services.record_visit(
        visit_that_came(visited_at_home, taker, days_after=3), actor=taker, outcome="held", minutes=50
    )
    visited_at_site, _t = make_report(follow_up="visit", phone="612-555-0103")
    services.record_visit(
        visit_that_came(visited_at_site, taker, days_after=5, site=site),
        actor=taker,
        outcome="held",
        report_taken=True,
        minutes=30,
    )
    cancelled, _t = make_report(follow_up="visit", phone="612-555-0104")
    services.record_visit(
        visit_that_came(cancelled, taker, days_after=1), actor=taker, outcome="cancelled_resident"
    )

    before = aggregates.pilot_figures()
    services.record_call(phoned, actor=taker, result="answered", minutes=8)
    figures = aggregates.pilot_figures()

    assert before["follow_up_given"]["phone"] == 0
    assert figures["follow_up_given"] == {"online": 0, "phone": 1, "visit": 2}
    in_person = figures["in_person"]
    # Days run from the report to the visit held (an hour of today, on the City's clock).
    assert in_person["days_to_visit"]["visited"] == 2
    days = [
        (timezone.make_aware(datetime.combine(visit.date, visit.window_start)) - visit.report.created_at)
        / timedelta(days=1)
        for visit in Visit.objects.filter(outcome="held").select_related("report")
    ]
    # Days are read from the daily roll-ups' buckets: shown to a tenth of a day, within a tenth of
    # the exact median (docs/decisions/daily-figures.md).
    assert in_person["days_to_visit"]["median"] == pytest.approx(sum(days) / 2, abs=0.1)
    assert in_person["visited_at"] == {"home": 1, site.pk: 1}
    assert in_person["sites"] == {site.pk: "Demo site"}
    assert in_person["visits_not_kept"] == 1
    # Minutes per report with any recorded: 10 on the phone report, 90 and 30 on the visits.
    assert in_person["staff_time"]["all"] == {"reports": 3, "median": 30.0}
    assert in_person["staff_time"]["phone"] == {"reports": 1, "median": 10.0}
    assert in_person["staff_time"]["online"] == {"reports": 2, "median": 60.0}
    # The visit where the report was taken accepted it.
    visited_at_site.refresh_from_db()
    assert visited_at_site.status == "accepted"
    assert visited_at_site.case_number


def test_a_deleted_report_keeps_what_its_visits_and_calls_came_to(report_taker):
    taker = report_taker.user
    report, _t = make_report(follow_up="visit", phone="612-555-0102")
    services.record_visit(
        visit_that_came(report, taker, days_after=2), actor=taker, outcome="held", minutes=45
    )
    services.record_call(report, actor=taker, result="answered", minutes=5)
    services.decline(report, actor=taker, reason=make_reason(action="decline"))
    before = aggregates.pilot_figures()

    retention.delete_report(report)

    assert not Report.objects.exists()
    after = aggregates.pilot_figures()
    assert after["in_person"] == before["in_person"]
    assert after["follow_up_given"] == before["follow_up_given"] == {"online": 0, "phone": 0, "visit": 1}


def test_days_to_decision_overall_and_per_group(reports):
    figures = aggregates.pilot_figures()

    assert figures["days_to_decision"] == {"decided": 4, "median": 2.5, "p75": 4.8, "p90": 7.9}
    black = figures["by_group"]["race_ethnicity"]["black"]
    assert black["days_to_decision"] == {"decided": 2, "median": 1.5, "p90": 1.9}
    white = figures["by_group"]["race_ethnicity"]["white"]
    assert white["days_to_decision"] == {"decided": 2, "median": 6.5, "p90": 9.3}
    assert figures["by_group"]["gender"]["man"]["days_to_decision"] == {
        "decided": 0,
        "median": None,
        "p90": None,
    }


def test_every_figure_is_broken_down_by_each_demographic_answer(reports):
    by_race = aggregates.pilot_figures()["by_group"]["race_ethnicity"]

    assert by_race["black"]["reports"] == 2
    assert by_race["black"]["decisions"]["accepted"] == 2
    assert by_race["black"]["follow_up_chosen"] == 2
    assert by_race["black"]["follow_up_given"] == 1  # told online; the visit is only booked
    assert by_race["white"]["decisions"]["referred"] == 1
    assert by_race["white"]["decisions"]["declined"] == 1
    assert by_race["white"]["follow_up_chosen"] == 2
    assert by_race["prefer_not"]["reports"] == 1
    assert by_race[""]["reports"] == 1  # skipped the question
    assert by_race["asian"]["reports"] == 0
    assert set(by_race) == {*Report.RaceEthnicity.values, ""}


def test_every_figure_is_broken_down_by_the_residents_language(reports, report_taker):
    somali, _t = make_report(language="so")
    services.accept(somali, actor=report_taker.user)
    Report.objects.filter(pk=somali.pk).update(decided_at=somali.created_at + timedelta(days=4))
    make_report(language="hmn", follow_up="phone", phone="612-555-0102")

    by_language = aggregates.pilot_figures()["by_group"]["language"]

    assert set(by_language) == {"en", "es", "so", "hmn", ""}
    assert by_language["en"]["reports"] == 6
    assert by_language["so"]["reports"] == 1
    assert by_language["so"]["decisions"]["accepted"] == 1
    assert by_language["so"]["follow_up_given"] == 1  # told the decision online
    assert by_language["so"]["days_to_decision"] == {"decided": 1, "median": 4.0, "p90": 4.0}
    assert by_language["hmn"]["decisions"]["waiting"] == 1
    assert by_language["hmn"]["follow_up_given"] == 0
    assert by_language["es"]["reports"] == by_language[""]["reports"] == 0


def test_reports_are_counted_per_week_for_a_short_period_and_per_month_for_a_long_one():
    report, _t = make_report()
    Report.objects.filter(pk=report.pk).update(
        created_at=timezone.make_aware(timezone.datetime(2024, 2, 14, 12))
    )

    monthly = aggregates.received(date(2024, 1, 1), date(2024, 6, 30))
    weekly = aggregates.received(date(2024, 2, 1), date(2024, 2, 29))

    assert monthly["unit"] == "month"
    assert [period for period, _counts in monthly["periods"]] == [
        date(2024, month, 1) for month in range(1, 7)
    ]
    assert monthly["periods"][1] == (date(2024, 2, 1), {"online": 1, "phone": 0, "in_person": 0})
    assert weekly["unit"] == "week"
    assert weekly["periods"][0][0] == date(2024, 1, 29)  # the Monday of the week of February 1
    assert dict(weekly["periods"])[date(2024, 2, 12)]["online"] == 1


def test_screening_exits_are_counted_per_week():
    ScreeningExit.objects.create(exit="parking", date=date(2024, 3, 4), count=3)  # a Monday
    ScreeningExit.objects.create(exit="parking", date=date(2024, 3, 10), count=2)  # its Sunday
    ScreeningExit.objects.create(exit="danger", date=date(2024, 3, 11), count=1)

    weeks = aggregates.screening_exits_by_week(date(2024, 3, 1), date(2024, 3, 17))

    assert [week for week, _counts in weeks] == [date(2024, 2, 26), date(2024, 3, 4), date(2024, 3, 11)]
    assert weeks[1][1]["parking"] == 5
    assert weeks[2][1]["danger"] == 1
    assert sum(weeks[0][1].values()) == 0

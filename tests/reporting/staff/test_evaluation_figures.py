"""The R4 evaluation's figures counted from reports, against values worked out by hand."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from reporting import aggregates, services
from reporting.models import Report, ScreeningExit
from tests.factories import make_reason, make_report

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


def test_follow_up_given_counts_decisions_told_online_and_visits_scheduled(reports):
    figures = aggregates.pilot_figures()

    assert figures["follow_up"] == {"online": 4, "phone": 1, "visit": 1}
    # Online: accepted, declined (decided); not the withdrawn or the waiting one. Calls are not recorded.
    assert figures["follow_up_given"] == {"online": 2, "phone": None, "visit": 1}


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
    assert by_race["black"]["follow_up_given"] == 2
    assert by_race["white"]["decisions"]["referred"] == 1
    assert by_race["white"]["decisions"]["declined"] == 1
    assert by_race["white"]["follow_up_chosen"] == 1  # the call is not counted: it is not recorded
    assert by_race["prefer_not"]["reports"] == 1
    assert by_race[""]["reports"] == 1  # skipped the question
    assert by_race["asian"]["reports"] == 0
    assert set(by_race) == {*Report.RaceEthnicity.values, ""}


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

from datetime import timedelta

import pytest
from django.utils import timezone

from reporting import aggregates, services
from reporting.models import Report, ScreeningExit
from tests.factories import make_report

pytestmark = pytest.mark.django_db


def decided_after(report, days: float):
    Report.objects.filter(pk=report.pk).update(decided_at=report.created_at + timedelta(days=days))


def test_figures_count_reports_by_channel_status_and_follow_up(report_taker):
    make_report()
    make_report(follow_up="visit", phone="612-555-0100")
    accepted, _token = make_report(
        channel="phone", taken_by=report_taker.user, follow_up="phone", phone="612-555-0101"
    )
    services.accept(accepted, actor=report_taker.user)

    figures = aggregates.pilot_figures()

    assert figures["reports"] == 3
    assert figures["by_channel"] == {"online": 2, "phone": 1, "in_person": 0}
    assert figures["by_status"]["submitted"] == 2
    assert figures["by_status"]["accepted"] == 1
    assert figures["by_status"]["closed"] == 0
    assert figures["follow_up"] == {"online": 1, "phone": 1, "visit": 1}


def test_days_to_decision_gives_the_median_and_upper_percentiles(report_taker):
    for days in (1, 2, 3, 4, 10):
        report, _token = make_report()
        services.accept(report, actor=report_taker.user)
        decided_after(report, days)
    make_report()  # not decided yet: left out

    figures = aggregates.days_to_decision()

    assert figures == {"decided": 5, "median": 3.0, "p75": 4.0, "p90": 7.6}


def test_days_to_decision_is_empty_when_nothing_was_decided():
    make_report()

    assert aggregates.days_to_decision() == {"decided": 0, "median": None, "p75": None, "p90": None}


def test_screening_exits_are_summed_over_the_period():
    today = timezone.localdate()
    ScreeningExit.objects.create(exit="parking", date=today, count=3)
    ScreeningExit.objects.create(exit="parking", date=today - timedelta(days=1), count=2)
    ScreeningExit.objects.create(exit="danger", date=today - timedelta(days=40), count=9)

    exits = aggregates.screening_exits(start=today - timedelta(days=7), end=today)

    assert exits["parking"] == 5
    assert exits["danger"] == 0
    assert set(exits) == set(ScreeningExit.Exit.values)


def test_the_figures_never_carry_personal_data():
    make_report(full_name="Unique Person Name", email="unique@example.org", address="999 Secret Ave")

    published = repr(aggregates.pilot_figures())

    for personal in ("Unique Person Name", "unique@example.org", "999 Secret Ave", "R-"):
        assert personal not in published


def test_the_figures_cost_a_fixed_number_of_queries(django_assert_max_num_queries):
    for _ in range(5):
        make_report()

    with django_assert_max_num_queries(7):
        aggregates.pilot_figures(start=timezone.localdate() - timedelta(days=30))


def test_figures_cover_only_reports_filed_in_the_period():
    old, _token = make_report()
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=60))
    make_report()

    figures = aggregates.pilot_figures(
        start=timezone.localdate() - timedelta(days=30), end=timezone.localdate()
    )

    assert figures["reports"] == 1
    assert aggregates.pilot_figures()["reports"] == 2

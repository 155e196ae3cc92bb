"""The evaluation of a program (publicsite.evaluation.program_evaluation) and its "How it is going"
section on the program's page: each figure against hand-computed values, small counts hidden as
on the data page, only reviewed updates and published recommendations, scheduled ones on time."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from accounts.roles import OPI_STAFF
from pilots import services
from pilots.models import Measure, Metric, Status
from publicsite.evaluation import program_evaluation
from publicsite.forms import ended_quarters
from reporting.models import Report
from tests.factories import (
    make_goal,
    make_measure,
    make_metric,
    make_metric_value,
    make_progress_update,
    make_recommendation,
    make_report,
    make_report_in,
    make_staff,
)
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db

JUNE_30 = datetime.date(2024, 6, 30)


def month(number: int) -> dict:
    """The period fields of a month of 2024."""
    start = datetime.date(2024, number, 1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return {"period_start": start, "period_end": end}


def test_an_imported_measure_reads_its_latest_total_by_the_end_of_the_period():
    measure = make_measure()
    for number, value in ((2, 110), (5, 118), (6, 130), (7, 200)):
        make_metric_value(metric=measure.metric, value=value, **month(number))
    # A breakdown is not the total.
    make_metric_value(
        metric=measure.metric, value=500, breakdown_dimension="race", breakdown_category="Black", **month(6)
    )

    (result,) = program_evaluation(measure.goal.program, None, JUNE_30).measures

    assert (result.value, result.period) == (Decimal(130), (datetime.date(2024, 6, 1), JUNE_30))
    # 30 gained in the 151 days since January: 66.6 by December's end, more than the 60 needed.
    assert result.status == Status.ON_TRACK
    assert (result.baseline, result.target, result.latest) == ("100", "160", "130")

    (may,) = program_evaluation(measure.goal.program, None, datetime.date(2024, 5, 31)).measures
    # 18 gained in 120 days: 50.25 by December's end.
    assert (may.value, may.status) == (Decimal(118), Status.AT_RISK)

    (early,) = program_evaluation(measure.goal.program, datetime.date(2024, 7, 1), JUNE_30).measures
    assert (early.value, early.status) == (None, Status.NOT_STARTED)


def test_a_small_imported_count_is_hidden_and_tells_no_status():
    metric = make_metric(suppression_threshold=10, unit=Metric.Unit.COUNT)
    measure = make_measure(metric=metric, baseline=2, target=9)
    make_metric_value(metric=metric, value=8, **month(6))

    (result,) = program_evaluation(measure.goal.program, None, JUNE_30).measures

    assert result.hidden and result.value is None
    assert result.status == Status.NOT_STARTED


def test_a_suppressed_metric_reads_only_periods_of_its_grid():
    """A quarter beside its months is left out (the data page shows the months), so the quarter
    cannot give away a hidden month as the difference."""
    metric = make_metric(suppression_threshold=10, unit=Metric.Unit.COUNT)
    measure = make_measure(metric=metric)
    make_metric_value(metric=metric, value=120, **month(5))
    make_metric_value(metric=metric, value=125, **month(6))
    make_metric_value(metric=metric, value=370, period_start=datetime.date(2024, 4, 1), period_end=JUNE_30)

    (result,) = program_evaluation(measure.goal.program, None, JUNE_30).measures

    assert (result.value, result.period[0]) == (Decimal(125), datetime.date(2024, 6, 1))


def in_last_quarter() -> tuple[datetime.date, datetime.date]:
    """Every report made so far, moved into the last quarter that has ended; returns it."""
    _key, start, end = ended_quarters()[0]
    Report.objects.update(created_at=timezone.make_aware(datetime.datetime(start.year, start.month + 1, 15)))
    return start, end


def report_measures() -> dict[str, Measure]:
    goal = make_goal()
    return {
        figure: make_measure(
            goal=goal,
            report_figure=figure,
            direction="lower" if figure == Measure.ReportFigure.MEDIAN_DAYS_TO_DECISION else "higher",
            baseline=Decimal("5") if figure == Measure.ReportFigure.MEDIAN_DAYS_TO_DECISION else Decimal("1"),
            target=Decimal("1") if figure == Measure.ReportFigure.MEDIAN_DAYS_TO_DECISION else Decimal("99"),
            baseline_start=datetime.date(2021, 1, 1),
            baseline_end=datetime.date(2021, 3, 31),
            due_on=datetime.date(2099, 12, 31),
        )
        for figure in Measure.ReportFigure.values
    }


def test_r4_measures_read_the_figures_of_the_last_ended_quarter():
    staff = make_staff(OPI_STAFF)
    for _ in range(12):
        make_report()
    for _ in range(12):
        make_report_in(Report.Status.ACCEPTED, staff)
    quarter = in_last_quarter()
    # Half of the accepted ones decided a day after they came in, half four days after.
    middle = Report.objects.values_list("created_at", flat=True).first()
    accepted = list(Report.objects.filter(status=Report.Status.ACCEPTED).values_list("pk", flat=True))
    Report.objects.filter(pk__in=accepted[:6]).update(decided_at=middle + datetime.timedelta(days=1))
    Report.objects.filter(pk__in=accepted[6:]).update(decided_at=middle + datetime.timedelta(days=4))
    measures = report_measures()

    results = {
        r.measure.report_figure: r
        for r in program_evaluation(measures["reports"].goal.program, None, timezone.localdate()).measures
    }

    assert {code: (r.value, r.period, r.hidden) for code, r in results.items()} == {
        "reports": (Decimal(24), quarter, False),
        # 12 of the 24 accepted.
        "accepted-share": (Decimal("50.0"), quarter, False),
        # No follow-up given: the online ones wait for a decision, the accepted ones were not called back.
        "follow-up-given-share": (Decimal("0.0"), quarter, False),
        # Between the sixth (1 day) and the seventh (4 days) of the twelve decided.
        "median-days-to-decision": (Decimal("2.5"), quarter, False),
    }
    assert (results["accepted-share"].latest, results["median-days-to-decision"].latest) == (
        "50%",
        "2.5 days",
    )


def test_r4_measures_of_hidden_counts_are_hidden():
    for _ in range(5):
        make_report()
    in_last_quarter()
    measures = report_measures()

    results = program_evaluation(measures["reports"].goal.program, None, timezone.localdate()).measures

    shown = {r.measure.report_figure: (r.value, r.hidden) for r in results}
    assert shown["reports"] == (None, True)
    # 0 of 5 accepted: a share of a hidden total is hidden too.
    assert shown["accepted-share"] == (None, True)
    assert all(r.status == Status.NOT_STARTED for r in results)


def test_the_program_page_shows_how_it_is_going_with_missed_targets_plainly(client):
    measure = make_measure(name="Crisis calls answered", status_note="Fewer teams were on duty than planned.")
    make_metric_value(metric=measure.metric, value=90, **month(6))

    page = assert_valid_html(client.get(measure.goal.program.get_absolute_url()))

    assert "How it is going" in page
    assert "Crisis calls answered" in page
    assert measure.goal.text in page
    assert "160 by Dec. 31, 2024" in page
    assert "90 (June 2024)" in page
    assert "Off track" in page
    assert "Fewer teams were on duty than planned." in page


def test_measures_not_public_are_left_out(client):
    hidden = make_measure(name="Draft measure", is_published=False)
    private_metric = make_metric(is_public=False)
    make_measure(
        name="Measure of a private metric",
        metric=private_metric,
        goal=make_goal(program=private_metric.program),
    )

    assert program_evaluation(hidden.goal.program, None, JUNE_30).measures == []
    assert program_evaluation(private_metric.program, None, JUNE_30).measures == []


def test_only_reviewed_updates_and_published_recommendations_reach_the_page(client):
    measure = make_measure()
    program = measure.goal.program
    draft = make_progress_update(program=program, narrative="A draft nobody reviewed.")
    reviewed = make_progress_update(
        program=program, narrative="Reviewed and published.", adjustments="We moved a team to nights."
    )
    services.publish_update(reviewed, by=make_staff(OPI_STAFF))
    recommendation = make_recommendation(program=program, decision="expand", reasons="Targets met early.")
    recommendation.evidence.add(measure)
    make_recommendation(program=program, is_published=False, reasons="An unpublished draft.")

    page = assert_valid_html(client.get(program.get_absolute_url()))

    assert "Reviewed and published." in page and "We moved a team to nights." in page
    assert draft.narrative not in page
    assert "Expand" in page and "Targets met early." in page and "An unpublished draft." not in page
    assert f'href="#measure-{measure.pk}"' in page


def test_updates_are_those_of_the_period_asked_for():
    program = make_goal().program
    reviewer = make_staff(OPI_STAFF)
    first = make_progress_update(program=program, **month(1))
    second = make_progress_update(program=program, **month(4))
    for update in (first, second):
        services.publish_update(update, by=reviewer)

    assert program_evaluation(program, datetime.date(2024, 3, 1), JUNE_30).updates == [second]
    assert program_evaluation(program, None, JUNE_30).updates == [second, first]


def test_a_scheduled_update_appears_at_its_time_even_on_a_cached_page(client):
    program = make_goal().program
    publish_at = timezone.now() + datetime.timedelta(minutes=10)
    update = make_progress_update(program=program, narrative="Published later.", publish_at=publish_at)
    services.publish_update(update, by=make_staff(OPI_STAFF))
    assert "Published later." not in client.get(program.get_absolute_url()).content.decode()

    with time_machine.travel(publish_at + datetime.timedelta(seconds=1)):
        assert "Published later." in client.get(program.get_absolute_url()).content.decode()


def test_the_program_page_costs_the_same_queries_with_more_measures_and_updates(
    client, django_assert_max_num_queries
):
    measure = make_measure()
    program = measure.goal.program

    def add(times):
        for _ in range(times):
            goal = make_goal(program=program)
            make_metric_value(
                metric=make_measure(goal=goal, metric=make_metric(program=program)).metric, **month(3)
            )
            services.publish_update(make_progress_update(program=program), by=make_staff(OPI_STAFF))

    add(2)
    with django_assert_max_num_queries(20):
        client.get(program.get_absolute_url())
    add(10)
    with django_assert_max_num_queries(20):
        assert client.get(program.get_absolute_url() + "?again").status_code == 200

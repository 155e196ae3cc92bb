"""Measures, progress updates and recommendations: the status rule on hand-computed figures, the
rules the database keeps, and the review before a progress update is published, per role."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import OPI_STAFF, REPORT_TAKERS, SUPERVISORS
from pilots import services
from pilots.models import Measure, Metric, ProgressUpdate, ReviewRefused, Status
from tests.factories import make_measure, make_metric, make_progress_update, make_staff

pytestmark = pytest.mark.django_db

JAN_31 = datetime.date(2024, 1, 31)
JUNE_30 = datetime.date(2024, 6, 30)
DEC_31 = datetime.date(2024, 12, 31)


def measure(direction=Metric.Direction.HIGHER, baseline=100, target=160) -> Measure:
    """Baseline for January 2024, target due by the end of 2024: 335 days from the baseline's end,
    151 of them by the end of June."""
    return Measure(
        name="A measure",
        direction=direction,
        baseline=Decimal(baseline),
        baseline_start=datetime.date(2024, 1, 1),
        baseline_end=JAN_31,
        target=Decimal(target),
        due_on=DEC_31,
    )


def status(m: Measure, value, period_end=JUNE_30, as_of=JUNE_30) -> str:
    return m.status_for(None if value is None else Decimal(value), period_end, as_of)


def test_a_measure_without_a_figure_after_its_baseline_has_not_started():
    assert status(measure(), None) == Status.NOT_STARTED
    # A figure for the baseline period itself is no progress yet.
    assert status(measure(), 130, period_end=JAN_31) == Status.NOT_STARTED


def test_a_measure_that_meets_its_target_is_on_track():
    assert status(measure(), 160) == Status.ON_TRACK
    assert status(measure(), 175) == Status.ON_TRACK


def test_a_measure_on_pace_to_meet_its_target_by_the_due_date_is_on_track():
    # 30 gained in 151 days: 30 / 151 * 335 = 66.6 by the due date, more than the 60 needed.
    assert status(measure(), 130) == Status.ON_TRACK


def test_a_measure_moving_the_right_way_too_slowly_is_at_risk():
    # 20 gained in 151 days: 20 / 151 * 335 = 44.4 by the due date, less than the 60 needed.
    assert status(measure(), 120) == Status.AT_RISK
    # Exactly on pace (27.05... needed by June): 28 is enough, 27 is not.
    assert status(measure(), 128) == Status.ON_TRACK
    assert status(measure(), 127) == Status.AT_RISK


def test_a_measure_moving_the_wrong_way_or_not_at_all_is_off_track():
    assert status(measure(), 90) == Status.OFF_TRACK
    assert status(measure(), 100) == Status.OFF_TRACK


def test_a_target_not_met_by_its_due_date_is_off_track():
    late = datetime.date(2025, 1, 31)
    assert status(measure(), 150, period_end=DEC_31, as_of=late) == Status.OFF_TRACK
    assert status(measure(), 150, period_end=late, as_of=late) == Status.OFF_TRACK
    # Met, it stays on track after the due date.
    assert status(measure(), 160, period_end=DEC_31, as_of=late) == Status.ON_TRACK


def test_lower_is_better_counts_a_fall_as_progress():
    # Median response time: from 30 minutes down to 20 by the end of the year.
    lower = measure(Metric.Direction.LOWER, baseline=30, target=20)
    assert status(lower, 20) == Status.ON_TRACK
    assert status(lower, 25) == Status.ON_TRACK  # 5 in 151 days: 11.1 by the due date
    assert status(lower, 27) == Status.AT_RISK  # 3 in 151 days: 6.7 by the due date
    assert status(lower, 31) == Status.OFF_TRACK


def test_a_target_on_the_wrong_side_of_the_baseline_is_refused():
    with pytest.raises(ValidationError) as error:
        measure(target=90).clean()
    assert error.value.message_dict["target"] == [
        "With higher is better, the target must be above the baseline."
    ]
    with pytest.raises(ValidationError) as error:
        measure(Metric.Direction.LOWER, baseline=30, target=30).clean()
    assert error.value.message_dict["target"] == [
        "With lower is better, the target must be below the baseline."
    ]


def test_a_measure_of_another_programs_metric_is_refused():
    made = make_measure()
    made.metric = make_metric()
    with pytest.raises(ValidationError) as error:
        made.full_clean()
    assert error.value.message_dict["metric"] == ["Choose a metric of the goal's program."]


@pytest.mark.parametrize(
    "fields",
    [
        {"report_figure": Measure.ReportFigure.REPORTS},  # a metric and a figure from reports
        {"metric": None},  # neither
        {"due_on": datetime.date(2024, 1, 31)},  # due when the baseline period ends
        {"baseline_end": datetime.date(2023, 12, 31)},  # the baseline period ends before it starts
    ],
)
def test_the_database_refuses_a_measure_that_breaks_its_rules(fields):
    made = make_measure()
    for name, value in fields.items():
        setattr(made, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        made.save()


def test_the_database_refuses_an_update_published_without_another_reviewer():
    update = make_progress_update()
    update.is_published = True
    with pytest.raises(IntegrityError), transaction.atomic():
        update.save()
    update.reviewed_by = update.author
    with pytest.raises(IntegrityError), transaction.atomic():
        update.save()


def test_another_opi_member_publishes_an_update():
    update = make_progress_update()
    reviewer = make_staff(OPI_STAFF)

    services.publish_update(update, by=reviewer)

    update.refresh_from_db()
    assert update.is_published and update.reviewed_by == reviewer and update.reviewed_at
    assert list(ProgressUpdate.objects.published()) == [update]


def test_the_author_cannot_publish_their_own_update():
    update = make_progress_update()

    with pytest.raises(ReviewRefused, match="you wrote it"):
        services.publish_update(update, by=update.author)

    update.refresh_from_db()
    assert not update.is_published and update.reviewed_by is None


@pytest.mark.parametrize("role", [SUPERVISORS, REPORT_TAKERS])
def test_staff_of_other_roles_cannot_publish_an_update(role):
    update = make_progress_update()

    with pytest.raises(ReviewRefused, match="Only OPI staff may review"):
        services.publish_update(update, by=make_staff(role))

    assert not ProgressUpdate.objects.filter(is_published=True).exists()


def test_an_update_scheduled_ahead_appears_at_its_time():
    later = timezone.now() + datetime.timedelta(days=2)
    update = make_progress_update(publish_at=later)

    services.publish_update(update, by=make_staff(OPI_STAFF))

    assert list(ProgressUpdate.objects.scheduled()) == [update]
    assert not ProgressUpdate.objects.published().exists()
    assert list(ProgressUpdate.objects.published(later)) == [update]


def test_a_withdrawn_update_needs_a_new_review():
    update = make_progress_update()
    services.publish_update(update, by=make_staff(OPI_STAFF))

    services.withdraw_update(update)

    update.refresh_from_db()
    assert not update.is_published and update.reviewed_by is None and update.reviewed_at is None

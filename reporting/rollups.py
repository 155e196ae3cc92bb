"""Daily roll-ups of the R4 figures: what `reporting.aggregates` counts, summed per local day of
submission and per group, so a page adds up a year of days rather than every report ever filed.

`DailyFigures` holds, per day and group, the reports, how each stands, the follow-ups given and the
visits missed; the groups are all reports (dimension ""), each status, follow-up, channel, ward
("" when not matched), the site of a visit held ("home" for the resident's place) and every
breakdown of `reporting.demographics.DIMENSIONS`. `DailyDurations` holds histograms for the
percentiles, which cannot be summed: the time to a decision (all reports and every breakdown)
and to a visit held, in buckets each 1% wider than the one before, and minutes of staff time
(all reports and by channel), exact.

Database triggers (migration 0035) mark the day of every write that may change a report's figures
(`StaleDay`); `refresh` (a scheduled task) counts the marked days again. Until it has, the pages
count those days from their reports, through the same SQL: the figures are always those of the
reports as they are, whether or not the task has run. See docs/decisions/daily-figures.md.
"""

import bisect
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Case, CharField, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Extract, TruncDate
from django.utils import timezone

from reporting.counting import GIVEN_WHEN, Decision, decision, given
from reporting.demographics import DIMENSIONS
from reporting.models import DailyDurations, DailyFigures, Report, ReportFigures, StaleDay

HOME = "home"
HOUR = 3600
# Durations are counted in buckets of hours growing by 1% each (bucket k > 0 holds from
# RATIO^(k-1) - 1 to RATIO^k - 1 hours; 0 is none, negative ones the same below zero), and read at
# their middle: a percentile is within 0.5% of (one hour more than) the exact one, within a
# twentieth of a day up to ten days, the step the pages show being a tenth. Even years of
# durations fit in about a thousand buckets, so a year of figures adds up a few thousand rows
# (benchmarks/staff_queue.py; buckets of a whole hour gave twenty times as many, too slow to sort).
# Staff minutes are whole numbers: counted per minute, their percentiles are exact.
RATIO = 1.01
DURATIONS = ("days_to_decision", "days_to_visit")


class DurationBucket(Func):
    """The bucket of a duration in seconds (see RATIO)."""

    template = (
        "(SIGN(%(expressions)s)"
        f" * (FLOOR(LN(1 + ABS(%(expressions)s) / {HOUR}.0) / LN({RATIO})) + 1))::integer"
    )
    output_field = IntegerField()


GROUPS = {
    "status": "r.status",
    "follow_up": "r.follow_up",
    "channel": "r.channel",
    "ward": "r.ward_code",
    "visited_at": "r.visited",
    **{dimension: f"r.{dimension}" for dimension in DIMENSIONS},
}
FIGURE_COLUMNS = ["reports", *Decision.values, "follow_up_given", "visits_not_kept"]
FIGURES_SQL = """
SELECT r.day, g.dimension, g.category, COUNT(*), {decisions},
       COUNT(*) FILTER (WHERE r.given), COALESCE(SUM(r.visits_not_kept), 0)
FROM ({rows}) AS r
CROSS JOIN LATERAL (VALUES ('', ''), {groups}) AS g (dimension, category)
WHERE g.category IS NOT NULL
GROUP BY r.day, g.dimension, g.category
""".format(
    decisions=", ".join(f"COUNT(*) FILTER (WHERE r.decision = '{value}')" for value in Decision.values),
    groups=", ".join(f"('{dimension}', {column})" for dimension, column in GROUPS.items()),
    rows="{rows}",
)
DURATIONS_SQL = """
SELECT r.day, d.figure, d.dimension, d.category, d.bucket, COUNT(*)
FROM ({rows}) AS r
CROSS JOIN LATERAL (VALUES ('days_to_decision', '', '', r.to_decision), {by_group},
                           ('days_to_visit', '', '', r.to_visit),
                           ('staff_minutes', '', '', r.staff_minutes),
                           ('staff_minutes', 'channel', r.channel, r.staff_minutes))
    AS d (figure, dimension, category, bucket)
WHERE d.bucket IS NOT NULL
GROUP BY 1, 2, 3, 4, 5
""".format(
    by_group=", ".join(
        f"('days_to_decision', '{dimension}', r.{dimension}, r.to_decision)" for dimension in DIMENSIONS
    ),
    rows="{rows}",
)
# Each histogram's buckets summed over the days; the percentiles are read from them in Python
# (`_percentiles`): ranked in SQL, a year's histograms (some 9,000 buckets) took twice as long
# (`benchmarks/staff_queue.py`, OPI's dashboard).
HISTOGRAMS_SQL = """
SELECT figure, dimension, category, bucket, SUM(count)::integer
FROM ({durations}) AS d (day, figure, dimension, category, bucket, count)
GROUP BY 1, 2, 3, 4
"""
SUMS_SQL = """
SELECT dimension, category, CASE WHEN dimension = 'channel' THEN date_trunc(%s, day)::date END,
       {sums}
FROM ({figures}) AS f (day, dimension, category, {columns})
GROUP BY 1, 2, 3
""".format(
    sums=", ".join(f"SUM({column})::integer" for column in FIGURE_COLUMNS),
    columns=", ".join(FIGURE_COLUMNS),
    figures="{figures}",
)


def _rows(reports) -> tuple[str, tuple]:
    """The SQL of one row per report with what the roll-ups count it by."""
    chose_and_got = Q(follow_up=Report.FollowUp.VISIT) & GIVEN_WHEN[Report.FollowUp.VISIT]

    def bucket(moment):
        return DurationBucket(Extract(F(moment) - F("created_at"), "epoch"))

    rows = (
        reports.order_by()
        .annotate(
            day=TruncDate("created_at", tzinfo=timezone.get_default_timezone()),
            decision=decision(),
            given=given(),
            visited=Case(
                When(chose_and_got, then=Coalesce(Cast("visit_site_id", CharField()), Value(HOME))),
                output_field=CharField(),
            ),
            ward_code=Coalesce(Cast("ward", CharField()), Value("")),
            to_decision=bucket("decided_at"),
            to_visit=Case(When(chose_and_got, then=bucket("visited_at")), output_field=IntegerField()),
        )
        .values(
            "day",
            "decision",
            "given",
            "visited",
            "ward_code",
            "to_decision",
            "to_visit",
            "status",
            "follow_up",
            "channel",
            "visits_not_kept",
            "staff_minutes",
            *DIMENSIONS,
        )
    )
    return rows.query.sql_with_params()


def _on_days(days: Iterable[date]) -> Q:
    """Reports submitted on these local days: a range of `created_at` per run of days in a row,
    so that the index on it is used."""
    condition = Q(pk__in=[])
    run_start = previous = None
    for day in sorted(days):
        if previous is not None and day != previous + timedelta(days=1):
            condition |= _between(run_start, previous)
            run_start = None
        run_start = run_start or day
        previous = day
    if previous is not None:
        condition |= _between(run_start, previous)
    return condition


def _between(first: date, last: date) -> Q:
    return Q(created_at__gte=local_midnight(first), created_at__lt=local_midnight(last + timedelta(days=1)))


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()), timezone.get_default_timezone())


def refresh() -> int:
    """Count the days the triggers marked again, from their reports; returns how many."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Waits for any writer still holding a day's mark (see migration 0035).
        cursor.execute("DELETE FROM reporting_staleday RETURNING day")
        days = [day for (day,) in cursor.fetchall()]
        if not days:
            return 0
        DailyFigures.objects.filter(day__in=days).delete()
        DailyDurations.objects.filter(day__in=days).delete()
        rows, params = _rows(ReportFigures.objects.filter(_on_days(days)))
        cursor.execute(
            "INSERT INTO reporting_dailyfigures (day, dimension, category, {columns}) {select}".format(
                columns=", ".join(FIGURE_COLUMNS), select=FIGURES_SQL.format(rows=rows)
            ),
            params,
        )
        cursor.execute(
            "INSERT INTO reporting_dailydurations (day, figure, dimension, category, bucket, count) "
            + DURATIONS_SQL.format(rows=rows),
            params,
        )
    return len(days)


def sums(start: date | None, end: date | None, unit: str, fractions: Iterable[float]) -> tuple[list, dict]:
    """The figures of the reports submitted from `start` to `end` (dates, inclusive; None for no
    bound): rows of (dimension, category, period, *FIGURE_COLUMNS), period the `unit` ("week" or
    "month") of the channel's rows; and each histogram's count and percentiles, by (figure,
    dimension, category). Three queries, whatever the number of days or reports."""
    days = Q()
    if start:
        days &= Q(day__gte=start)
    if end:
        days &= Q(day__lte=end)
    stale = list(StaleDay.objects.filter(days).values_list("day", flat=True))
    kept = DailyFigures.objects.filter(days).exclude(day__in=stale)
    kept_durations = DailyDurations.objects.filter(days).exclude(day__in=stale)
    figures, params = kept.values_list(
        "day", "dimension", "category", *FIGURE_COLUMNS
    ).query.sql_with_params()
    durations, duration_params = kept_durations.values_list(
        "day", "figure", "dimension", "category", "bucket", "count"
    ).query.sql_with_params()
    if stale:
        rows, row_params = _rows(ReportFigures.objects.filter(_on_days(stale)))
        figures = f"{figures} UNION ALL {FIGURES_SQL.format(rows=rows)}"
        durations = f"{durations} UNION ALL {DURATIONS_SQL.format(rows=rows)}"
        params, duration_params = (*params, *row_params), (*duration_params, *row_params)
    with connection.cursor() as cursor:
        cursor.execute(SUMS_SQL.format(figures=figures), (unit, *params))
        groups = cursor.fetchall()
        cursor.execute(HISTOGRAMS_SQL.format(durations=durations), duration_params)
        buckets = defaultdict(list)
        for figure, dimension, category, bucket, count in cursor.fetchall():
            buckets[figure, dimension, category].append((bucket, count))
    fractions = list(fractions)
    histograms = {key: _percentiles(key[0], sorted(counts), fractions) for key, counts in buckets.items()}
    return groups, histograms


def _percentiles(figure: str, counts: list[tuple[int, int]], fractions: list[float]) -> dict:
    """The count, and each fraction's percentile (in seconds for durations, in minutes for staff
    time), of a histogram's (bucket, count) in bucket order. As PostgreSQL's PERCENTILE_CONT takes
    them: at the rank fraction * (count - 1) from 0, between the buckets of the ranks either side."""

    def value(bucket: int) -> float:
        if figure not in DURATIONS:
            return float(bucket)
        # The middle of the bucket, in seconds.
        hours = (RATIO ** (abs(bucket) - 1) + RATIO ** abs(bucket)) / 2 - 1 if bucket else 0
        return math.copysign(hours * HOUR, bucket)

    upto = list(itertools.accumulate(count for _bucket, count in counts))
    total = upto[-1]

    def at(rank: int) -> float:
        """The bucket of the report at `rank` from 0."""
        return value(counts[bisect.bisect_right(upto, rank)][0])

    found = {"count": total}
    for fraction in fractions:
        rank = fraction * (total - 1)
        below, above = at(math.floor(rank)), at(math.ceil(rank))
        found[fraction] = below + (rank - math.floor(rank)) * (above - below)
    return found


def gaps(rolled: dict, live: dict, path: str = "") -> dict[str, tuple]:
    """Where two sets of figures of `aggregates.pilot_figures`' shape differ: each path (such as
    "by_group.language.so.days_to_decision.median") with the two values. The benchmark and the
    tests hold the roll-ups to the figures from every report with it."""
    if isinstance(rolled, dict) and isinstance(live, dict) and rolled.keys() == live.keys():
        found = {}
        for key, value in rolled.items():
            found |= gaps(value, live[key], f"{path}.{key}" if path else str(key))
        return found
    return {} if rolled == live else {path: (rolled, live)}

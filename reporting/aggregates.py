"""Aggregate figures on reports for the R4 pilot, safe to publish: counts and durations only,
never a name, address, narrative or reference.

The public data page calls `pilot_figures(start, end)` and gets plain Python values:

    {
        "reports": 412,
        "by_channel": {"online": 380, "phone": 20, "in_person": 12},
        "by_status": {"submitted": 30, "accepted": 300, ...},
        "follow_up": {"online": 350, "phone": 40, "visit": 22},
        "days_to_decision": {"decided": 350, "median": 1.8, "p75": 3.0, "p90": 6.5},
        "screening_exits": {"danger": 12, "parking": 40, ...},
    }

Every key of each choice list is present (zero when none), so a chart's categories do not move.
`start` and `end` are dates (inclusive, local time); either may be None for no bound.
Days to decision run from submission to the first acceptance, referral or decline; they are None
when nothing in the period was decided. Reports deleted under the retention schedule are counted
as they were when deleted (`reporting.retention`).
"""

from datetime import date

from django.db.models import Aggregate, Count, F, FloatField, Sum
from django.db.models.functions import Extract

from reporting.models import Report, ReportFigures, ScreeningExit

SECONDS_PER_DAY = 86_400
PERCENTILES = {"median": 0.5, "p75": 0.75, "p90": 0.9}


class Percentile(Aggregate):
    """PostgreSQL's continuous percentile of an expression."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(percentile)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, percentile: float, **extra):
        super().__init__(expression, percentile=float(percentile), **extra)


def _reports(start: date | None, end: date | None):
    # Deleted reports still count: the retention schedule must not change a published figure.
    reports = ReportFigures.objects.all()
    if start:
        reports = reports.filter(created_at__date__gte=start)
    if end:
        reports = reports.filter(created_at__date__lte=end)
    return reports


def _count_by(queryset, field: str, choices) -> dict[str, int]:
    counts = dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))
    return {value: counts.get(value, 0) for value in choices.values}


def days_to_decision(start: date | None = None, end: date | None = None) -> dict:
    """How many reports were decided, and the median and upper percentiles of days it took."""
    seconds = Extract(F("decided_at") - F("created_at"), "epoch")
    figures = (
        _reports(start, end)
        .filter(decided_at__isnull=False)
        .aggregate(
            decided=Count("pk"),
            **{name: Percentile(seconds, fraction) for name, fraction in PERCENTILES.items()},
        )
    )
    for name in PERCENTILES:
        if figures[name] is not None:
            figures[name] = round(figures[name] / SECONDS_PER_DAY, 1)
    return figures


def screening_exits(start: date | None = None, end: date | None = None) -> dict[str, int]:
    """Residents the screening sent elsewhere, per exit."""
    exits = ScreeningExit.objects.all()
    if start:
        exits = exits.filter(date__gte=start)
    if end:
        exits = exits.filter(date__lte=end)
    totals = dict(exits.order_by().values_list("exit").annotate(total=Sum("count")))
    return {exit: totals.get(exit, 0) for exit in ScreeningExit.Exit.values}


def pilot_figures(start: date | None = None, end: date | None = None) -> dict:
    """Every figure the public data page shows for the R4 pilot (see the module docstring)."""
    reports = _reports(start, end)
    return {
        "reports": reports.count(),
        "by_channel": _count_by(reports, "channel", Report.Channel),
        "by_status": _count_by(reports, "status", Report.Status),
        "follow_up": _count_by(reports, "follow_up", Report.FollowUp),
        "days_to_decision": days_to_decision(start, end),
        "screening_exits": screening_exits(start, end),
    }

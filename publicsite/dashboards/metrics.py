"""The imported metrics' tables: each metric's series over time and its breakdowns, beside the
population shares staff entered."""

from itertools import groupby

from django.utils.text import slugify
from django.utils.translation import gettext as _

from pilots.models import Metric, MetricValue
from publicsite.dashboards.charts import breakdown_chart, series_chart
from publicsite.dashboards.tables import Row, Table, _relabel, period_label
from publicsite.models import PopulationShare
from publicsite.suppression import suppress
from reporting.demographics import category_label, dimension_label

# Only counts of people or events can identify someone; minutes and percentages are not suppressed.
SUPPRESSED_UNITS = {Metric.Unit.COUNT, Metric.Unit.PEOPLE}


def population_shares() -> dict:
    """Every population share by its (breakdown, group), in lower case: one query."""
    return {
        (share.dimension.lower(), share.category.lower()): share.percent
        for share in PopulationShare.objects.all()
    }


def metrics_tables(
    metrics: list[Metric], shares: dict, within: tuple | None = None
) -> dict[int, list["Table"]]:
    """Each metric's tables, from one query for all their values; only the values of periods
    within the (first day, last day) `within`, when given."""
    values = (
        MetricValue.objects.published()
        .filter(metric__in=[metric.pk for metric in metrics])
        .order_by("metric_id")
    )
    if within:
        values = values.filter(period_start__gte=within[0], period_end__lte=within[1])
    by_metric: dict[int, list] = {metric.pk: [] for metric in metrics}
    for value in values:
        by_metric[value.metric_id].append(value)
    return {metric.pk: metric_tables(metric, by_metric[metric.pk], shares) for metric in metrics}


def one_grid_level(periods: set[tuple]) -> set[tuple]:
    """The finest periods, none overlapping another: a (start, end) that contains another is left
    out, and so are periods that overlap. A quarter beside its months would give a hidden month
    as the quarter minus the others."""
    finest = []
    smallest_end = None
    # Latest start first, and the shorter of two with the same start: any period met before one
    # that it ends within lies inside it.
    for period in sorted(periods, key=lambda period: (-period[0].toordinal(), period[1])):
        if smallest_end is None or period[1] < smallest_end:
            finest.append(period)
        smallest_end = period[1] if smallest_end is None else min(smallest_end, period[1])
    finest.sort()
    # Sorted by start, periods none of which contains another also end in order, so a period
    # that overlaps any other overlaps its neighbour.
    return {
        period
        for index, period in enumerate(finest)
        if (index == 0 or finest[index - 1][1] < period[0])
        and (index == len(finest) - 1 or period[1] < finest[index + 1][0])
    }


def metric_tables(metric: Metric, values: list, shares: dict) -> list[Table]:
    """The metric's series over time (values without a breakdown) and, for each breakdown, its
    latest period beside the population shares staff entered for that breakdown. A suppressed
    metric shows its periods on `one_grid_level` only."""
    threshold = metric.suppression_threshold if metric.unit in SUPPRESSED_UNITS else 0
    if threshold:
        kept = one_grid_level({(v.period_start, v.period_end) for v in values})
        values = [v for v in values if (v.period_start, v.period_end) in kept]
    totals = {(v.period_start, v.period_end): v.value for v in values if not v.breakdown_dimension}
    tables = []
    if totals:
        periods = sorted(totals)
        group = suppress([(period_label(*period), totals[period]) for period in periods], threshold)
        tables.append(
            Table(
                "over-time",
                _("%(metric)s, over time") % {"metric": metric.name},
                _("Period"),
                metric.get_unit_display(),
                [Row(figure) for figure in group.figures],
                group,
                is_breakdown=False,
            )
        )
    breakdowns = sorted((v for v in values if v.breakdown_dimension), key=lambda v: v.breakdown_dimension)
    for dimension, rows in groupby(breakdowns, key=lambda v: v.breakdown_dimension):
        rows = list(rows)
        latest = max((v.period_start, v.period_end) for v in rows)
        in_period = sorted(
            (v for v in rows if (v.period_start, v.period_end) == latest), key=lambda v: v.breakdown_category
        )
        group = suppress(
            [(v.breakdown_category, v.value) for v in in_period],
            threshold,
            total=totals.get(latest),
            with_total=True,
        )
        heading = dimension_label(dimension)
        tables.append(
            Table(
                f"by-{slugify(dimension)}",
                _("%(metric)s, by %(breakdown)s, %(period)s")
                % {"metric": metric.name, "breakdown": heading, "period": period_label(*latest)},
                heading,
                metric.get_unit_display(),
                [
                    Row(
                        _relabel(figure, category_label(dimension, figure.label)),
                        shares.get((dimension.lower(), figure.label.lower())),
                    )
                    for figure in group.figures
                ],
                group,
                is_breakdown=True,
            )
        )
    for table in tables:
        table.chart = breakdown_chart(table) if table.is_breakdown else series_chart(table)
    return tables

"""The data page's tables and charts, built from public metric values.

Every figure goes through `publicsite.suppression.suppress` once, here; the page's table, its
SVG chart and its CSV download are all drawn from the same `Table`, so they cannot disagree.
"""

import calendar
import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.spreadsheet_safety import defuse_formula
from pilots.models import Metric
from publicsite.suppression import Figure, SuppressedGroup, suppress

# Only counts of people or events can identify someone; minutes and percentages are not suppressed.
SUPPRESSED_UNITS = {Metric.Unit.COUNT, Metric.Unit.PEOPLE}

CHART_WIDTH = 640
BAR_CHART_HEIGHT = 240
MARGIN_LEFT = 56
MARGIN_BOTTOM = 36
MARGIN_TOP = 16
ROW_HEIGHT = 32
LABEL_WIDTH = 160


@dataclass(frozen=True)
class Row:
    figure: Figure
    population: Decimal | None = None


@dataclass
class Table:
    metric: Metric
    slug: str
    caption: str
    label_heading: str
    rows: list[Row]
    group: SuppressedGroup
    is_breakdown: bool
    chart: dict = field(default_factory=dict)

    @property
    def has_population(self) -> bool:
        return any(row.population is not None for row in self.rows)


def period_label(start, end) -> str:
    """A whole calendar month reads as "Jan 2024"; any other period as its two dates."""
    whole_month = start.day == 1 and end == start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if whole_month:
        return date_format(start, "YEAR_MONTH_FORMAT")
    return f"{date_format(start, 'SHORT_DATE_FORMAT')} \N{EN DASH} {date_format(end, 'SHORT_DATE_FORMAT')}"


def metric_tables(metric: Metric, values: list, shares: dict) -> list[Table]:
    """The metric's series over time (values without a breakdown) and, for each breakdown, its
    latest period beside the population shares staff entered for that breakdown."""
    threshold = metric.suppression_threshold if metric.unit in SUPPRESSED_UNITS else 0
    totals = {(v.period_start, v.period_end): v.value for v in values if not v.breakdown_dimension}
    tables = []
    if totals:
        periods = sorted(totals)
        group = suppress([(period_label(*period), totals[period]) for period in periods], threshold)
        tables.append(
            Table(
                metric,
                "over-time",
                _("%(metric)s, over time") % {"metric": metric.name},
                _("Period"),
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
        tables.append(
            Table(
                metric,
                f"by-{slugify(dimension)}",
                _("%(metric)s, by %(breakdown)s, %(period)s")
                % {"metric": metric.name, "breakdown": dimension, "period": period_label(*latest)},
                dimension,
                [
                    Row(figure, shares.get((dimension.lower(), figure.label.lower())))
                    for figure in group.figures
                ],
                group,
                is_breakdown=True,
            )
        )
    for table in tables:
        table.chart = breakdown_chart(table) if table.is_breakdown else series_chart(table)
    return tables


def series_chart(table: Table) -> dict:
    """Vertical bars, one per period; a hidden value leaves its slot empty."""
    plot_width = CHART_WIDTH - MARGIN_LEFT
    plot_height = BAR_CHART_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = max((row.figure.value for row in table.rows if not row.figure.suppressed), default=0) or 1
    slot = plot_width / max(len(table.rows), 1)
    label_every = max(1, round(len(table.rows) / 8))
    bars = []
    for index, row in enumerate(table.rows):
        value = row.figure.value
        height = 0 if value is None else float(value) / float(top) * plot_height
        bars.append(
            {
                "x": round(MARGIN_LEFT + index * slot + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": round(MARGIN_TOP + plot_height - height, 1),
                "height": round(height, 1),
                "label_x": round(MARGIN_LEFT + index * slot + slot / 2, 1),
                "label": row.figure.label if index % label_every == 0 else "",
                "suppressed": value is None,
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": BAR_CHART_HEIGHT,
        "bars": bars,
        "axis_x": MARGIN_LEFT,
        "axis_top": MARGIN_TOP,
        "baseline": MARGIN_TOP + plot_height,
        "label_y": MARGIN_TOP + plot_height + 20,
        "top_value": top,
    }


def breakdown_chart(table: Table) -> dict:
    """Horizontal bars of each group's share of the total (or its count when the total is hidden),
    with a marker at the group's share of the population where staff entered one."""
    as_percent = table.group.total is not None and bool(table.group.total)
    plot_width = CHART_WIDTH - LABEL_WIDTH - 16
    shown = [row.figure.percent if as_percent else row.figure.value for row in table.rows]
    top = 100 if as_percent else (max((value for value in shown if value is not None), default=0) or 1)
    bars = []
    for index, (row, value) in enumerate(zip(table.rows, shown, strict=True)):
        y = MARGIN_TOP + index * ROW_HEIGHT
        population = row.population if as_percent else None
        bars.append(
            {
                "y": y,
                "text_y": y + ROW_HEIGHT * 0.6,
                "height": ROW_HEIGHT * 0.6,
                "width": 0 if value is None else round(float(value) / float(top) * plot_width, 1),
                "label": row.figure.label,
                "suppressed": value is None,
                "marker_x": None
                if population is None
                else round(LABEL_WIDTH + float(population) / 100 * plot_width, 1),
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": MARGIN_TOP * 2 + len(table.rows) * ROW_HEIGHT,
        "bars": bars,
        "axis_x": LABEL_WIDTH,
        "as_percent": as_percent,
    }


def table_csv(table: Table) -> str:
    """The table as CSV: the same rows and the same hidden values as on the page.

    Labels are staff-typed text (metric names, breakdown categories): no cell can be a formula.
    """
    out = io.StringIO()
    writer = csv.writer(out)

    def write(cells: list) -> None:
        writer.writerow([defuse_formula(cell) for cell in cells])

    header = [table.label_heading, table.metric.get_unit_display()]
    if table.is_breakdown:
        header.append(_("Share of total (%)"))
    if table.has_population:
        header.append(_("Share of population (%)"))
    write(header)
    hidden = _("suppressed")
    for row in table.rows:
        figure = row.figure
        line = [figure.label, hidden if figure.suppressed else _plain(figure.value)]
        if table.is_breakdown:
            line.append(
                hidden if figure.percent is None and table.group.has_total else _plain(figure.percent)
            )
        if table.has_population:
            line.append("" if row.population is None else _plain(row.population))
        write(line)
    if table.group.has_total:
        write([_("Total"), hidden if table.group.total is None else _plain(table.group.total)])
    return out.getvalue()


def _plain(number) -> str:
    """A number as digits only, without trailing zeros: 12.00 becomes 12."""
    if number is None:
        return ""
    normalized = Decimal(number).normalize()
    return f"{normalized:f}"

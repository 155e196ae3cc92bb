"""The data page's tables and charts, built from public metric values and from the figures
`reporting.aggregates` counts on reports; OPI's dashboard shows the same tables. The map of
reports by ward is drawn by `publicsite.ward_map` from the same figures.

Every figure goes through `publicsite.suppression.suppress` once, here; the page's table, its
SVG chart and its CSV download are all drawn from the same `Table`, so they cannot disagree.
Figures broken down by the residents' demographic answers are always suppressed, on the staff
dashboard too: residents were promised those answers are only ever used as totals.
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

from core.spreadsheet_safety import defuse_formula
from pilots.models import Metric, MetricValue
from publicsite.models import PopulationShare
from publicsite.suppression import Figure, SuppressedGroup, protect, suppress
from publicsite.ward_map import WardMap, ward_map
from reporting.aggregates import HOME, Channel, Decision, Exit, FollowUp
from reporting.demographics import category_label, dimension_label

# Only counts of people or events can identify someone; minutes and percentages are not suppressed.
SUPPRESSED_UNITS = {Metric.Unit.COUNT, Metric.Unit.PEOPLE}
# Report counts from 1 to this many are hidden on the public page, and any figure broken down by
# demographic answers everywhere, as the City hides small counts in its published metrics.
REPORT_THRESHOLD = 10
# The pilot whose figures are counted from reports; the others' come from imported metrics.
REPORTS_PILOT = "R4"

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
    slug: str
    caption: str
    label_heading: str
    value_heading: str
    rows: list[Row]
    group: SuppressedGroup
    is_breakdown: bool
    percent_heading: str = field(default_factory=lambda: _("Share of total (%)"))
    charted: bool = True  # durations are only tabled: bars of days beside bars of counts mislead
    chart: dict = field(default_factory=dict)

    @property
    def has_population(self) -> bool:
        return any(row.population is not None for row in self.rows)


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


def period_label(start, end) -> str:
    """A whole calendar month reads as "January 2024", several as their first and last month
    with a dash between; any other period as its two dates."""
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if whole_months and (start.year, start.month) == (end.year, end.month):
        return date_format(start, "YEAR_MONTH_FORMAT")
    style = "YEAR_MONTH_FORMAT" if whole_months else "SHORT_DATE_FORMAT"
    return f"{date_format(start, style)} \N{EN DASH} {date_format(end, style)}"


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


def table_cells(table: Table) -> list[list[str]]:
    """The table as lines of text, its headings first: the same rows and the same hidden values
    as on the page, for its CSV file and the Council report."""
    header = [table.label_heading, table.value_heading]
    if table.is_breakdown:
        header.append(table.percent_heading)
    if table.has_population:
        header.append(_("Share of population (%)"))
    lines = [header]
    hidden = _("suppressed")
    for row in table.rows:
        figure = row.figure
        line = [figure.label, hidden if figure.suppressed else _plain(figure.value)]
        if table.is_breakdown:
            # A share is hidden with its count, or with the total it is a share of; of a total of
            # none there is no share, and nothing is hidden.
            percent_hidden = figure.percent is None and (
                figure.suppressed or (table.group.has_total and table.group.total != 0)
            )
            line.append(hidden if percent_hidden else _plain(figure.percent))
        if table.has_population:
            line.append("" if row.population is None else _plain(row.population))
        lines.append(line)
    if table.group.has_total:
        lines.append([_("Total"), hidden if table.group.total is None else _plain(table.group.total)])
    return lines


def table_csv(table: Table) -> str:
    """The table as CSV. Labels are staff-typed text (metric names, breakdown categories): no
    cell can be a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    for line in table_cells(table):
        writer.writerow([defuse_formula(cell) for cell in line])
    return out.getvalue()


def _plain(number) -> str:
    """A number as digits only, without trailing zeros: 12.00 becomes 12."""
    if number is None:
        return ""
    normalized = Decimal(number).normalize()
    return f"{normalized:f}"


def _relabel(figure: Figure, label: str) -> Figure:
    return Figure(label, figure.value, figure.percent)


def _series(
    slug: str,
    caption: str,
    heading: str,
    values: list,
    threshold: int,
    value_heading: str | None = None,
    hidden: tuple = (frozenset(), False),
) -> Table:
    """Counts over time with their total: the total is also the other tables' (all reports), so a
    hidden period must not be the total minus the periods shown. `hidden` is `_hidden`'s answer."""
    group = suppress(values, threshold, with_total=True, hidden=hidden[0], total_hidden=hidden[1])
    rows = [Row(figure) for figure in group.figures]
    return Table(slug, caption, heading, value_heading or _("Reports"), rows, group, False)


def _breakdown(
    slug: str,
    caption: str,
    heading: str,
    values: list[tuple[str, str, int]],
    threshold: int,
    *,
    value_heading: str | None = None,
    shares: dict | None = None,
    hidden: tuple = (frozenset(), False),
) -> Table:
    """A breakdown with its total; `values` are (code, label, count), `shares` by code, `hidden`
    what `_hidden` says."""
    group = suppress(
        [(label, count) for _code, label, count in values],
        threshold,
        with_total=True,
        hidden=hidden[0],
        total_hidden=hidden[1],
    )
    rows = [
        Row(figure, (shares or {}).get(code))
        for figure, (code, _l, _n) in zip(group.figures, values, strict=True)
    ]
    return Table(slug, caption, heading, value_heading or _("Reports"), rows, group, True)


def _choices(counts: dict, choices) -> list[tuple[str, str, int]]:
    return [(code, str(choices(code).label), counts[code]) for code in choices.values]


# The decisions counted for each group but shown for none: they are still in its number of reports.
UNSHOWN_DECISIONS = (Decision.CLOSED, Decision.WAITING)
DECIDED = (Decision.ACCEPTED, Decision.REFERRED, Decision.DECLINED)


def hidden_report_figures(figures: dict, threshold: int) -> set:
    """The R4 figures to hide, from `publicsite.suppression.protect` over every sum the data page
    shows, so that no table gives back what another hides. All reports are the sum of the weeks
    or months, of the channels, of the decisions, of the follow-ups, and of each question's answers
    (with those who skipped it); each answer's reports are the sum of its decisions, and each
    decision's total the sum over the answers: a two-way table whose margins are both shown.

    Those who got the follow-up they chose add up to the total of its table by answer, and with
    those who did not (shown nowhere) to the number who chose it; as the share of those is shown
    beside them, they are hidden wherever that number is.

    The reports decided, beside the days it took, are those accepted, referred or declined: part of
    the decisions' sum, so with the total they would give back the rest. They are hidden when one
    of the three is; as they add up no other count, that needs nothing more hidden.

    Keys: "reports", ("received", position), (figure, code) for "by_channel", "decisions" and
    "follow_up", "decided", ("group", question, answer), ("cell", question, answer, decision),
    "given", ("given", follow-up), ("not given", follow-up), ("given by", question, answer),
    ("visited at", site or "home"): those visited, by where, add up to those given a visit, and
    ("ward", measure, ward): each measure by ward adds up to its total (`WARD_MEASURES`), the
    reports not matched to a ward included."""
    if not threshold:
        return set()
    values = {"reports": figures["reports"]}
    lines = []
    unpublished = set()

    def line(total, members: dict) -> None:
        values.update(members)
        lines.append((total, list(members)))

    periods = figures["received"]["periods"]
    line(
        "reports",
        {("received", index): sum(counts.values()) for index, (_first, counts) in enumerate(periods)},
    )
    for name in ("by_channel", "decisions", "follow_up"):
        line("reports", {(name, code): count for code, count in figures[name].items()})
    for question, groups in figures["by_group"].items():
        line("reports", {("group", question, answer): group["reports"] for answer, group in groups.items()})
        for answer, group in groups.items():
            cells = {("cell", question, answer, decision): n for decision, n in group["decisions"].items()}
            line(("group", question, answer), cells)
            unpublished |= {("cell", question, answer, decision) for decision in UNSHOWN_DECISIONS}
        for decision in Decision.values:
            lines.append(
                (("decisions", decision), [("cell", question, answer, decision) for answer in groups])
            )
    given = figures["follow_up_given"]
    values["given"] = sum(given.values())
    line("given", {("given", code): n for code, n in given.items()})
    for code, n in given.items():
        line(("follow_up", code), {("given", code): n, ("not given", code): figures["follow_up"][code] - n})
        unpublished.add(("not given", code))
    visited_at = figures["in_person"]["visited_at"]
    line(("given", FollowUp.VISIT), {("visited at", key): n for key, n in visited_at.items()})
    for question, groups in figures["by_group"].items():
        line(
            "given",
            {("given by", question, answer): group["follow_up_given"] for answer, group in groups.items()},
        )
    for measure, total in WARD_MEASURES.items():
        line(total, {("ward", measure, ward): counts[measure] for ward, counts in figures["by_ward"].items()})
    hidden = set()
    while True:
        hidden = protect(values, lines, threshold, frozenset(unpublished), frozenset(hidden))
        linked = {("given", code) for code in given if ("follow_up", code) in hidden} - hidden
        if not linked:
            break
        hidden |= linked
    if any(("decisions", code) in hidden for code in DECIDED):
        hidden.add("decided")
    return hidden


# The figures by ward (`reporting.aggregates.by_ward`), each with the key of the total that all
# wards add up to, as `hidden_report_figures` names it.
WARD_MEASURES = {
    "reports": "reports",
    "accepted": ("decisions", Decision.ACCEPTED),
    "follow_up_given": "given",
}


@dataclass
class WardFigures:
    """The figures by ward: a table per measure, and the map of reports by ward when the City
    gave the wards' shapes."""

    tables: list[Table]
    map: WardMap | None


def ward_figures(
    figures: dict, shapes: dict, start, end, *, threshold: int, hidden: set | None = None
) -> WardFigures:
    """Reports, accepted reports and residents who got the follow-up they chose, per ward, hiding
    counts up to `threshold` and what `hidden_report_figures` hides with them (`hidden`, when the
    caller has it); `shapes` are `reporting.aggregates.ward_shapes`."""
    period = period_label(start, end)
    if hidden is None:
        hidden = hidden_report_figures(figures, threshold)
    wards = list(figures["by_ward"])
    labels = [
        _("Address not matched") if ward is None else _("Ward %(ward)s") % {"ward": ward} for ward in wards
    ]
    captions = {
        "reports": _("Reports by ward, %(period)s"),
        "accepted": _("Accepted reports by ward, %(period)s"),
        "follow_up_given": _("Residents who got the follow-up they chose, by ward, %(period)s"),
    }
    headings = {"reports": _("Reports"), "accepted": _("Accepted reports"), "follow_up_given": _("Residents")}
    tables = []
    for measure, total in WARD_MEASURES.items():
        table = _breakdown(
            f"{measure.replace('_', '-')}-by-ward",
            captions[measure] % {"period": period},
            _("Ward"),
            [
                (ward, label, figures["by_ward"][ward][measure])
                for ward, label in zip(wards, labels, strict=True)
            ],
            threshold,
            value_heading=headings[measure],
            hidden=_hidden(hidden, [("ward", measure, ward) for ward in wards], total),
        )
        # The map draws the reports by ward where the wards' shapes are known; bars of fourteen
        # wards beside it would say the same twice, and without shapes the table is enough.
        table.charted = False
        tables.append(table)
    reports = tables[0]
    by_ward = {ward: row.figure for ward, row in zip(wards, reports.rows, strict=True) if ward is not None}
    return WardFigures(tables, ward_map(reports.caption, by_ward, shapes) if shapes else None)


def _hidden(hidden: set, keys: list, total="reports") -> tuple[frozenset[int], bool]:
    """The positions of `keys` in `hidden`, and whether the total is: what `suppress` starts from."""
    return frozenset(index for index, key in enumerate(keys) if key in hidden), total in hidden


def report_tables(figures: dict, start, end, *, threshold: int, hidden: set | None = None) -> list[Table]:
    """The R4 pilot's tables from `reporting.aggregates.pilot_figures`, hiding counts up to
    `threshold`; `hidden` is `hidden_report_figures` for that threshold, when the caller has it."""
    period = period_label(start, end)
    weekly = figures["received"]["unit"] == "week"
    if hidden is None:
        hidden = hidden_report_figures(figures, threshold)
    tables = [
        _series(
            "received",
            (
                _("Reports received per week, %(period)s")
                if weekly
                else _("Reports received per month, %(period)s")
            )
            % {"period": period},
            _("Week starting") if weekly else _("Month"),
            [
                (
                    date_format(first, "SHORT_DATE_FORMAT" if weekly else "YEAR_MONTH_FORMAT"),
                    sum(counts.values()),
                )
                for first, counts in figures["received"]["periods"]
            ],
            threshold,
            hidden=_hidden(
                hidden, [("received", index) for index in range(len(figures["received"]["periods"]))]
            ),
        ),
        _breakdown(
            "by-channel",
            _("Reports by how they were made, %(period)s") % {"period": period},
            _("Channel"),
            _choices(figures["by_channel"], Channel),
            threshold,
            hidden=_hidden(hidden, [("by_channel", code) for code in Channel.values]),
        ),
        _breakdown(
            "decisions",
            _("Decisions on the reports, %(period)s") % {"period": period},
            _("Decision"),
            _choices(figures["decisions"], Decision),
            threshold,
            hidden=_hidden(hidden, [("decisions", code) for code in Decision.values]),
        ),
        _days_table(figures["days_to_decision"], period, threshold, "decided" in hidden),
        _breakdown(
            "follow-up",
            _("Follow-up residents chose, %(period)s") % {"period": period},
            _("Follow-up"),
            _choices(figures["follow_up"], FollowUp),
            threshold,
            hidden=_hidden(hidden, [("follow_up", code) for code in FollowUp.values]),
        ),
        _follow_up_given_table(figures, period, threshold, hidden),
        *_in_person_tables(figures["in_person"], period, threshold, hidden),
        _breakdown(
            "screening-exits",
            _("Where the screening sent residents instead, %(period)s") % {"period": period},
            _("Sent to"),
            _choices(figures["screening_exits"], Exit),
            threshold,
            value_heading=_("Residents"),
        ),
    ]
    return _charted(tables)


def equity_tables(
    figures: dict, start, end, shares: dict, hidden: set | None = None
) -> list[tuple[str, list[Table]]]:
    """Per demographic question, its name and each figure by answer, always hiding counts up to
    `REPORT_THRESHOLD`, and what hiding them hides in the rest of the grid of answers by decision
    (`hidden`: `hidden_report_figures` at that threshold, computed here unless the caller has it);
    `shares` maps (question, answer) codes to a share of the population."""
    period = period_label(start, end)
    if hidden is None:
        hidden = hidden_report_figures(figures, REPORT_THRESHOLD)
    return [
        (dimension_label(dimension), _charted(_equity_tables(dimension, groups, period, shares, hidden)))
        for dimension, groups in figures["by_group"].items()
    ]


def _charted(tables: list[Table]) -> list[Table]:
    for table in tables:
        if table.charted:
            table.chart = breakdown_chart(table) if table.is_breakdown else series_chart(table)
    return tables


def _days_table(days: dict, period: str, threshold: int, hidden: bool) -> Table:
    """How many were decided and how long it took; the durations hide with a hidden count."""
    return _durations_table(
        "days-to-decision",
        _("Days from report to decision, %(period)s") % {"period": period},
        (_("Reports decided"), days["decided"]),
        [
            (_("Median days to a decision"), days["median"]),
            (_("90th percentile of days to a decision"), days["p90"]),
        ],
        threshold,
        hidden,
    )


def _durations_table(
    slug: str, caption: str, count: tuple, durations: list[tuple], threshold: int, hidden: bool, more=()
) -> Table:
    """A count, the durations measured over it (hidden with it) and other counts (`more`, each
    suppressed on its own), as a table of figures."""
    counted = suppress([count], threshold, hidden=frozenset({0} if hidden else ()))
    shown = not counted.figures[0].suppressed
    figures = [
        counted.figures[0],
        *(Figure(label, value if shown else None) for label, value in durations),
        *(suppress([figure], threshold).figures[0] for figure in more),
    ]
    return _figures_table(slug, caption, _("Figure"), _("Value"), figures)


def _figures_table(slug: str, caption: str, label_heading: str, value_heading: str, figures: list) -> Table:
    """Figures already suppressed, one per row, with no total and no chart (durations and
    medians beside counts would mislead as bars)."""
    return Table(
        slug,
        caption,
        label_heading,
        value_heading,
        [Row(figure) for figure in figures],
        SuppressedGroup(figures, None, False),
        False,
        charted=False,
    )


def _in_person_tables(in_person: dict, period: str, threshold: int, hidden: set) -> list[Table]:
    """Visits: days to the first one held, where they were held, those not kept; and the staff
    time per report, by channel."""
    days = in_person["days_to_visit"]
    places = {HOME: _("At home or another place of theirs")} | in_person["sites"]
    given = ("given", FollowUp.VISIT)  # those visited: the number who got the visit they chose
    return [
        _durations_table(
            "days-to-visit",
            _("Days from report to a visit, %(period)s") % {"period": period},
            (_("Residents visited, of those who chose a visit"), days["visited"]),
            [
                (_("Median days to the first visit held"), days["median"]),
                (_("90th percentile of days to the first visit held"), days["p90"]),
            ],
            threshold,
            given in hidden,
            more=[(_("Visits the resident was not there for"), in_person["visits_not_kept"])],
        ),
        _breakdown(
            "visited-at",
            _("Where residents who chose a visit were visited, %(period)s") % {"period": period},
            _("Place"),
            [(key, str(places[key]), n) for key, n in in_person["visited_at"].items()],
            threshold,
            value_heading=_("Residents visited"),
            hidden=_hidden(hidden, [("visited at", key) for key in in_person["visited_at"]], given),
        ),
        _staff_time_table(in_person["staff_time"], period, threshold),
    ]


def _staff_time_table(staff_time: dict, period: str, threshold: int) -> Table:
    """The median minutes of staff time per report with time recorded, for all reports and by
    channel; a median over as few reports as a hidden count is hidden."""
    # A channel no report with time recorded came by has no median to show or hide.
    groups = [
        (_("All reports"), staff_time["all"]),
        *(
            (str(Channel(code).label), staff_time[code])
            for code in Channel.values
            if staff_time[code]["reports"]
        ),
    ]
    figures = [
        Figure(label, None if 0 < group["reports"] <= threshold else group["median"])
        for label, group in groups
    ]
    return _figures_table(
        "staff-time",
        _("Minutes of staff time per report on visits and calls, %(period)s") % {"period": period},
        _("Channel"),
        _("Median minutes"),
        figures,
    )


def _follow_up_given_table(figures: dict, period: str, threshold: int, hidden: set) -> Table:
    """Per follow-up: how many got it, and what share of those who asked.
    Those who got it and those who did not are suppressed as a pair with the number who asked, and
    as `hidden_report_figures` says (a count and its share would give back a hidden number who asked)."""
    rows = []
    for code, given in figures["follow_up_given"].items():
        asked = figures["follow_up"][code]
        pair = suppress(
            [("given", given), ("not given", asked - given)],
            threshold,
            total=asked,
            with_total=True,
            hidden=frozenset({0} if ("given", code) in hidden else ()),
        )
        rows.append(Row(_relabel(pair.figures[0], str(FollowUp(code).label))))
    return Table(
        "follow-up-given",
        _("Residents who got the follow-up they chose, %(period)s") % {"period": period},
        _("Follow-up chosen"),
        _("Residents who got it"),
        rows,
        SuppressedGroup([row.figure for row in rows], None, False),
        True,
        percent_heading=_("Of those who chose it (%)"),
    )


def _equity_tables(dimension: str, groups: dict, period: str, shares: dict, hidden: set) -> list[Table]:
    """Each figure per answer to one demographic question, always with the demographic threshold."""
    name = dimension_label(dimension)
    slug = slugify(dimension)
    answers = [(code, category_label(dimension, code)) for code in groups]
    population = {code: shares.get((dimension, code)) for code in groups}
    measures = [
        (
            "reports",
            _("Reports by %(breakdown)s, %(period)s"),
            lambda group: group["reports"],
            _hidden(hidden, [("group", dimension, code) for code, _label in answers]),
        ),
        *(
            (
                decision,
                caption,
                lambda group, decision=decision: group["decisions"][decision],
                _hidden(
                    hidden,
                    [("cell", dimension, code, decision) for code, _label in answers],
                    ("decisions", decision),
                ),
            )
            for decision, caption in (
                (Decision.ACCEPTED, _("Accepted reports by %(breakdown)s, %(period)s")),
                (Decision.REFERRED, _("Referred reports by %(breakdown)s, %(period)s")),
                (Decision.DECLINED, _("Declined reports by %(breakdown)s, %(period)s")),
                (Decision.WITHDRAWN, _("Withdrawn reports by %(breakdown)s, %(period)s")),
            )
        ),
        (
            "follow-up-given",
            _("Residents who got the follow-up they chose, by %(breakdown)s, %(period)s"),
            lambda group: group["follow_up_given"],
            _hidden(hidden, [("given by", dimension, code) for code, _label in answers], "given"),
        ),
    ]
    tables = [
        _breakdown(
            f"{measure}-by-{slug}",
            caption % {"breakdown": name.lower(), "period": period},
            name,
            [(code, label, read(groups[code])) for code, label in answers],
            REPORT_THRESHOLD,
            shares=population,
            hidden=measure_hidden,
        )
        for measure, caption, read, measure_hidden in measures
    ]
    medians = [
        Figure(label, groups[code]["days_to_decision"]["median"])
        if groups[code]["days_to_decision"]["decided"] > REPORT_THRESHOLD
        else Figure(label, None)
        for code, label in answers
    ]
    tables.append(
        _figures_table(
            f"days-by-{slug}",
            _("Median days from report to decision, by %(breakdown)s, %(period)s")
            % {"breakdown": name.lower(), "period": period},
            name,
            _("Median days"),
            medians,
        )
    )
    return tables


def exits_by_week(weeks: list) -> tuple[Table, list[str], list[tuple[str, list[int]]]]:
    """For OPI's dashboard: residents sent elsewhere per week as a charted series of totals, and
    the same weeks split by exit (headings, rows). These counts name no one; nothing is hidden."""
    labels = [date_format(week, "SHORT_DATE_FORMAT") for week, _counts in weeks]
    totals = [(label, sum(counts.values())) for label, (_week, counts) in zip(labels, weeks, strict=True)]
    table = _series(
        "screening-exits-by-week",
        _("Residents the screening sent elsewhere, per week"),
        _("Week starting"),
        totals,
        0,
        _("Residents"),
    )
    headings = [str(label) for label in Exit.labels]
    rows = [(label, list(counts.values())) for label, (_week, counts) in zip(labels, weeks, strict=True)]
    return _charted([table])[0], headings, rows


def grid_csv(corner: str, headings: list[str], rows: list[tuple[str, list]]) -> str:
    """A table with one row heading and several counts per row, as CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([corner, *headings])
    for label, counts in rows:
        writer.writerow([label, *counts])
    return out.getvalue()

"""The `Table` every figure of the data page and OPI's dashboard is shown in, the builders of its
kinds (a series, a breakdown, a list of figures) and its text and CSV forms."""

import calendar
import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.spreadsheet_safety import defuse_formula
from publicsite.suppression import Figure, Rate, SuppressedGroup, rate_of, suppress


@dataclass(frozen=True)
class Row:
    figure: Figure
    population: Decimal | None = None
    rate: Rate | None = None  # the figure as a share of its own group's count, in tables that have one


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
    rate_heading: str = ""  # beside the share of the total, the share of each group's own count

    @property
    def has_population(self) -> bool:
        return any(row.population is not None for row in self.rows)

    @property
    def has_rate(self) -> bool:
        return bool(self.rate_heading)


def period_label(start, end) -> str:
    """A whole calendar month reads as "January 2024", several as their first and last month
    with a dash between; any other period as its two dates."""
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if whole_months and (start.year, start.month) == (end.year, end.month):
        return date_format(start, "YEAR_MONTH_FORMAT")
    style = "YEAR_MONTH_FORMAT" if whole_months else "SHORT_DATE_FORMAT"
    return f"{date_format(start, style)} \N{EN DASH} {date_format(end, style)}"


def table_cells(table: Table, count=None, share=None, no_population: str = "") -> list[list[str]]:
    """The table as lines of text, its headings first, its total last where it has one: the same
    rows and the same hidden values on the page (`count` and `share` write its numbers, and
    `no_population` a group without a share of the population), in its CSV file and in the
    Council report (plain digits)."""
    count, share = count or _plain, share or _plain
    has_population = table.has_population  # a look through every row: once, not once a row
    header = [table.label_heading, table.value_heading]
    if table.is_breakdown:
        header.append(table.percent_heading)
    if table.has_rate:
        header.append(table.rate_heading)
    if has_population:
        header.append(_("Share of population (%)"))
    lines = [header]
    hidden = _("suppressed")
    for row in table.rows:
        figure = row.figure
        line = [figure.label, hidden if figure.suppressed else count(figure.value)]
        if table.is_breakdown:
            # A share is hidden with its count, or with the total it is a share of; of a total of
            # none there is no share, and nothing is hidden.
            percent_hidden = figure.percent is None and (
                figure.suppressed or (table.group.has_total and table.group.total != 0)
            )
            line.append(hidden if percent_hidden else share(figure.percent))
        if table.has_rate:
            line.append(hidden if row.rate.suppressed else share(row.rate.percent))
        if has_population:
            line.append(no_population if row.population is None else share(row.population))
        lines.append(line)
    if table.group.has_total:
        lines.append([_("Total"), hidden if table.group.total is None else count(table.group.total)])
    return lines


def table_csv(table: Table) -> str:
    """The table as CSV. Labels are staff-typed text (metric names, breakdown categories): no
    cell can be a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    for line in table_cells(table):
        writer.writerow([defuse_formula(cell) for cell in line])
    return out.getvalue()


def grid_csv(corner: str, headings: list[str], rows: list[tuple[str, list]]) -> str:
    """A table with one row heading and several counts per row, as CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([corner, *headings])
    for label, counts in rows:
        writer.writerow([label, *counts])
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
    of: tuple[str, list[Figure]] | None = None,
) -> Table:
    """A breakdown with its total; `values` are (code, label, count), `shares` by code, `hidden`
    what `_hidden` says, `of` a heading and each group's own count (as shown) to give each count as
    a rate of, beside its share of the total."""
    group = suppress(
        [(label, count) for _code, label, count in values],
        threshold,
        with_total=True,
        hidden=hidden[0],
        total_hidden=hidden[1],
    )
    rate_heading, wholes = of or ("", [None] * len(values))
    rows = [
        Row(figure, (shares or {}).get(code), rate_of(figure, whole) if whole else None)
        for figure, (code, _l, _n), whole in zip(group.figures, values, wholes, strict=True)
    ]
    return Table(
        slug, caption, heading, value_heading or _("Reports"), rows, group, True, rate_heading=rate_heading
    )


def _choices(counts: dict, choices) -> list[tuple[str, str, int]]:
    return [(code, str(choices(code).label), counts[code]) for code in choices.values]


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

"""The figure tables and their charts, drawn in Python.

The data page and OPI's dashboard each show some fifty tables of up to fifty-three rows; drawn
cell by cell in the template language they took most of the pages' time
(`benchmarks/staff_queue.py`: 230 of 400 ms for the data page, 350 of 600 ms for OPI's dashboard
at 999,999 reports). Here the same markup costs a fraction of that, and the numbers read as the
templates' `floatformat` wrote them (`Numbers`).
"""

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django import template
from django.template.defaultfilters import truncatechars
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from publicsite.dashboards.tables import Table, table_cells

register = template.Library()


class _Markup(str):
    """Markup made here, which `_markup` does not escape again."""


def _markup(template: str, *values) -> _Markup:
    """`template` with each value escaped, as `format_html` does, without its lazy-string checks
    (a few microseconds a value, some 5,000 values a page)."""
    return _Markup(
        template.format(*(value if isinstance(value, _Markup) else escape(str(value)) for value in values))
    )


NO_SHARE = "\N{EN DASH}"  # a group with no share of the population entered
TENTH = Decimal("0.1")


class Numbers:
    """Numbers as the filter `floatformat:"-1"` writes them in the page's language (to a tenth,
    without ".0"), grouped in thousands for counts (`"-1g"`). The filter looks the language's
    separators up for every number, which made it most of the time of a table's cells (43 µs a
    number, some 600 a page: `benchmarks/staff_queue.py`); they are looked up once here.
    `tests/publicsite/test_figure_tags.py` holds the two to the same text."""

    def __init__(self):
        self.decimal = get_format("DECIMAL_SEPARATOR")
        self.thousand = get_format("THOUSAND_SEPARATOR")
        self.grouping = get_format("NUMBER_GROUPING")

    def count(self, value) -> str:
        return self._tenths(value, grouped=True)

    def share(self, value) -> str:
        return self._tenths(value, grouped=False)

    def _tenths(self, value, *, grouped: bool) -> str:
        if value is None:
            return ""
        number = Decimal(str(value))
        # A whole number is written without decimals; any other to a tenth, even when that is ".0".
        if number == number.to_integral_value():
            number, places = int(number), 0
        else:
            number, places = number.quantize(TENTH, rounding=ROUND_HALF_UP), 1
        return numberformat.format(
            number, self.decimal, places, self.grouping, self.thousand, force_grouping=grouped, use_l10n=True
        )


@register.simple_tag
def figure_table(table: Table) -> SafeString:
    """The table of `table`: a row per figure, with its share, its rate within its group and the
    population's share where the table has them, and its total; the cells its CSV file has
    (`table_cells`), its numbers written for the page's language."""
    numbers = Numbers()
    headings, *lines = table_cells(table, numbers.count, numbers.share, NO_SHARE)
    total = ""
    if table.group.has_total:
        label, value = lines.pop()
        total = format_html(
            '<tfoot><tr><th scope="row">{}</th><td>{}</td>{}</tr></tfoot>',
            label,
            value,
            mark_safe("<td></td>" * (len(headings) - 2)),  # noqa: S308 (fixed markup)
        )
    rows = [
        _markup(
            '<tr><th scope="row">{}</th>{}</tr>',
            label,
            _Markup("".join(_markup("<td>{}</td>", cell) for cell in cells)),
        )
        for label, *cells in lines
    ]
    return format_html(
        '<table class="usa-table usa-table--compact"><caption>{}</caption><thead><tr>{}</tr></thead>'
        "<tbody>{}</tbody>{}</table>",
        table.caption,
        format_html_join("", '<th scope="col">{}</th>', ((heading,) for heading in headings)),
        mark_safe("".join(rows)),  # noqa: S308 (each row made by _markup above)
        total,
    )


@register.simple_tag
def figure_chart(table: Table, chart_id: str) -> SafeString:
    """The chart of `table` as SVG, labelled by a title that points to the table."""
    chart = table.chart
    hidden = _("suppressed")
    numbers = Numbers()
    if table.is_breakdown:
        axis_x = chart["axis_x"]
        marks = [
            _markup(
                '<line class="site-chart__axis" x1="{0}" y1="0" x2="{0}" y2="{1}"/>', axis_x, chart["height"]
            )
        ]
        for bar in chart["bars"]:
            marks.append(
                _markup(
                    '<text class="site-chart__label" x="{}" y="{}" text-anchor="end">{}</text>',
                    axis_x - 8,
                    bar["text_y"],
                    truncatechars(bar["label"], 24),
                )
            )
            if bar["suppressed"]:
                marks.append(
                    _markup(
                        '<text class="site-chart__label" x="{}" y="{}">{}</text>',
                        axis_x + 8,
                        bar["text_y"],
                        hidden,
                    )
                )
            else:
                marks.append(
                    _markup(
                        '<rect class="site-chart__bar" x="{}" y="{}" width="{}" height="{}"/>',
                        axis_x,
                        bar["y"],
                        bar["width"],
                        bar["height"],
                    )
                )
            if bar["marker_x"] is not None:
                marks.append(
                    _markup(
                        '<line class="site-chart__marker" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>',
                        bar["marker_x"],
                        bar["y"],
                        int(bar["text_y"]) + 6,
                    )
                )
    else:
        axis_x, baseline = chart["axis_x"], chart["baseline"]
        marks = [
            _markup(
                '<line class="site-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"/>',
                axis_x,
                baseline,
                chart["width"],
                baseline,
            ),
            _markup(
                '<text class="site-chart__label" x="{}" y="{}" text-anchor="end">{}</text>',
                axis_x - 6,
                chart["axis_top"] + 4,
                numbers.count(chart["top_value"]),
            ),
            _markup(
                '<text class="site-chart__label" x="{}" y="{}" text-anchor="end">0</text>',
                axis_x - 6,
                baseline,
            ),
        ]
        for bar in chart["bars"]:
            if not bar["suppressed"]:
                marks.append(
                    _markup(
                        '<rect class="site-chart__bar" x="{}" y="{}" width="{}" height="{}"/>',
                        bar["x"],
                        bar["y"],
                        bar["width"],
                        bar["height"],
                    )
                )
            if bar["label"]:
                marks.append(
                    _markup(
                        '<text class="site-chart__label" x="{}" y="{}" text-anchor="middle">{}</text>',
                        bar["label_x"],
                        chart["label_y"],
                        bar["label"],
                    )
                )
    return format_html(
        '<svg class="site-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" focusable="false">'
        '<title id="{}-title">{}</title>{}</svg>',
        chart["width"],
        chart["height"],
        chart_id,
        chart_id,
        _("Chart: %(caption)s. The same numbers are in the table below.") % {"caption": table.caption},
        mark_safe("".join(marks)),  # noqa: S308 (each mark made by _markup above)
    )

"""The figure tables and their charts, drawn in Python.

The data page and OPI's dashboard each show some fifty tables of up to fifty-three rows; drawn
cell by cell in the template language they took most of the pages' time
(`benchmarks/staff_queue.py`: 230 of 400 ms for the data page, 350 of 600 ms for OPI's dashboard
at 999,999 reports). Here the same markup costs a fraction of that. Numbers go through the same
filters the templates used (`floatformat`, `truncatechars`), so they read the same in every
language.
"""

from django import template
from django.template.defaultfilters import floatformat, truncatechars
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from publicsite.dashboards.tables import Table

register = template.Library()

NO_SHARE = "\N{EN DASH}"  # a group with no share of the population entered


def _count(value) -> str:
    return floatformat(value, "-1g")


def _share(value) -> str:
    return floatformat(value, "-1")


@register.simple_tag
def figure_table(table: Table) -> SafeString:
    """The table of `table`: a row per figure, with its share, its rate within its group and the
    population's share where the table has them, and its total."""
    hidden = _("suppressed")
    has_population = table.has_population
    headings = [table.label_heading, table.value_heading]
    if table.is_breakdown:
        headings.append(table.percent_heading)
    if table.has_rate:
        headings.append(table.rate_heading)
    if has_population:
        headings.append(_("Share of population (%)"))
    # A share is hidden with its count, or with the total it is a share of; of a total of none
    # there is no share, and nothing is hidden.
    share_hidden_with_total = table.group.has_total and table.group.total != 0
    rows = []
    for row in table.rows:
        figure = row.figure
        cells = [hidden if figure.suppressed else _count(figure.value)]
        if table.is_breakdown:
            if figure.percent is not None:
                cells.append(_share(figure.percent))
            else:
                cells.append(hidden if figure.suppressed or share_hidden_with_total else "")
        if table.has_rate:
            rate = row.rate
            cells.append(hidden if rate.suppressed else "" if rate.percent is None else _share(rate.percent))
        if has_population:
            cells.append(_share(row.population) or NO_SHARE)
        rows.append(
            format_html(
                '<tr><th scope="row">{}</th>{}</tr>',
                figure.label,
                format_html_join("", "<td>{}</td>", ((cell,) for cell in cells)),
            )
        )
    total = ""
    if table.group.has_total:
        total = format_html(
            '<tfoot><tr><th scope="row">{}</th><td>{}</td>{}</tr></tfoot>',
            _("Total"),
            hidden if table.group.total is None else _count(table.group.total),
            mark_safe("<td></td>" * (len(headings) - 2)),  # noqa: S308 (fixed markup)
        )
    return format_html(
        '<table class="usa-table usa-table--compact"><caption>{}</caption><thead><tr>{}</tr></thead>'
        "<tbody>{}</tbody>{}</table>",
        table.caption,
        format_html_join("", '<th scope="col">{}</th>', ((heading,) for heading in headings)),
        mark_safe("".join(rows)),  # noqa: S308 (each row made by format_html above)
        total,
    )


@register.simple_tag
def figure_chart(table: Table, chart_id: str) -> SafeString:
    """The chart of `table` as SVG, labelled by a title that points to the table."""
    chart = table.chart
    hidden = _("suppressed")
    if table.is_breakdown:
        axis_x = chart["axis_x"]
        marks = [
            format_html(
                '<line class="site-chart__axis" x1="{0}" y1="0" x2="{0}" y2="{1}"/>', axis_x, chart["height"]
            )
        ]
        for bar in chart["bars"]:
            marks.append(
                format_html(
                    '<text class="site-chart__label" x="{}" y="{}" text-anchor="end">{}</text>',
                    axis_x - 8,
                    bar["text_y"],
                    truncatechars(bar["label"], 24),
                )
            )
            if bar["suppressed"]:
                marks.append(
                    format_html(
                        '<text class="site-chart__label" x="{}" y="{}">{}</text>',
                        axis_x + 8,
                        bar["text_y"],
                        hidden,
                    )
                )
            else:
                marks.append(
                    format_html(
                        '<rect class="site-chart__bar" x="{}" y="{}" width="{}" height="{}"/>',
                        axis_x,
                        bar["y"],
                        bar["width"],
                        bar["height"],
                    )
                )
            if bar["marker_x"] is not None:
                marks.append(
                    format_html(
                        '<line class="site-chart__marker" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>',
                        bar["marker_x"],
                        bar["y"],
                        int(bar["text_y"]) + 6,
                    )
                )
    else:
        axis_x, baseline = chart["axis_x"], chart["baseline"]
        marks = [
            format_html(
                '<line class="site-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"/>',
                axis_x,
                baseline,
                chart["width"],
                baseline,
            ),
            format_html(
                '<text class="site-chart__label" x="{}" y="{}" text-anchor="end">{}</text>',
                axis_x - 6,
                chart["axis_top"] + 4,
                _count(chart["top_value"]),
            ),
            format_html(
                '<text class="site-chart__label" x="{}" y="{}" text-anchor="end">0</text>',
                axis_x - 6,
                baseline,
            ),
        ]
        for bar in chart["bars"]:
            if not bar["suppressed"]:
                marks.append(
                    format_html(
                        '<rect class="site-chart__bar" x="{}" y="{}" width="{}" height="{}"/>',
                        bar["x"],
                        bar["y"],
                        bar["width"],
                        bar["height"],
                    )
                )
            if bar["label"]:
                marks.append(
                    format_html(
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
        mark_safe("".join(marks)),  # noqa: S308 (each mark made by format_html above)
    )

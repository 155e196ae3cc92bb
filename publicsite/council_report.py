"""The report to the City Council for a period: per program its phase and status, its measures
against baseline and target, its progress updates and recommendation, the Council updates
presented in the period and its public figures, then the R4 pilot's figures counted from
reports, equity breakdowns included, one quarter at a time.

It is a public document, so it shows only what the public pages show: published programs and
updates, public metrics, and the report figures hidden by the same rule as on the data page
(`publicsite.dashboards`, whose tables and chart geometry it reuses, so the document and the page
cannot disagree) and each program's evaluation as its page gives it (`publicsite.evaluation`).
The report figures come quarter by quarter, as the data page gives them: the
figures of a longer period beside a quarter's would give a hidden count as their difference, so
a report covers whole quarters that have ended (`publicsite.forms.CouncilReportForm`). It is
written in one of the site's languages; content staff left untranslated reads in English, as on
the site.

Made by `manage.py council_report` and by OPI's page in the admin (`publicsite.admin_views`).
"""

import datetime
from itertools import groupby

from django.db.models import Prefetch
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import KeepTogether, PageBreak, Spacer
from reportlab.platypus import Table as PdfTable

from pilots.models import CouncilUpdate, Metric, Phase, Program
from publicsite import dashboards
from publicsite.evaluation import MeasureResult, program_evaluation
from publicsite.forms import ended_quarters
from publicsite.timeline import current_step, phase_steps
from reporting import aggregates, pdf

# The width of the text on a letter page with reportlab's default margins.
TEXT_WIDTH = 6.5 * inch
BAR = colors.HexColor("#005ea2")
MARKER = colors.HexColor("#1b1b1b")


def build(start: datetime.date, end: datetime.date, language: str) -> bytes:
    """The report for the months from `start` to `end` (first and last day), as PDF bytes."""
    with translation.override(language):
        period = dashboards.period_label(start, end)
        title = _("Alternatives to police response: report to the City Council, %(period)s") % {
            "period": period
        }
        made_on = formats.date_format(timezone.localdate(), "DATE_FORMAT")
        flowables = [
            pdf.text(_("City of Minneapolis"), pdf.CITY),
            pdf.text(title, pdf.TITLE),
            pdf.text(
                _(
                    "Made on %(date)s from the figures the City publishes. Counts of "
                    "%(threshold)s or fewer reports are not shown, nor any figure they could be "
                    "worked out from."
                )
                % {"date": made_on, "threshold": dashboards.REPORT_THRESHOLD}
            ),
        ]
        shares = dashboards.population_shares()
        for program in _programs(start, end, shares):
            flowables += _program_section(program, start, end)
        for quarter_start, quarter_end in quarters(start, end):
            flowables += _reports_section(quarter_start, quarter_end, shares)
        return pdf.build(
            flowables,
            title=title,
            language=language,
            footer=lambda page: [title, _("Page %(number)s") % {"number": page}],
        )


def _programs(start: datetime.date, end: datetime.date, shares: dict) -> list[Program]:
    """The published programs, in their order on the site, with what the report shows of each:
    five queries whatever the number of programs."""
    updates = (
        CouncilUpdate.objects.published().filter(presented_on__range=(start, end)).order_by("presented_on")
    )
    programs = list(
        Program.objects.published()
        .order_by("position", "code")
        .prefetch_related(
            Prefetch("phases", queryset=Phase.objects.published()),
            Prefetch("council_updates", queryset=updates, to_attr="updates_in_period"),
            Prefetch("metrics", queryset=Metric.objects.public().order_by("code"), to_attr="public_metrics"),
        )
    )
    metrics = [metric for program in programs for metric in program.public_metrics]
    # Only the values of periods within the report's: a value over a longer period would count
    # months the report is not about.
    tables = dashboards.metrics_tables(metrics, shares, within=(start, end))
    for metric in metrics:
        metric.tables = tables[metric.pk]
    return programs


def _program_section(program: Program, start: datetime.date, end: datetime.date) -> list:
    step = current_step(phase_steps(program.phases.all(), end))
    facts = [
        (_("Status"), program.get_status_display()),
        (_("Phase at the end of the period"), step.phase.name if step else _("No phase under way")),
    ]
    flowables = [
        pdf.text(f"{program.code} \N{EM DASH} {program.name}" if program.code else program.name, pdf.HEADING),
        pdf.text(program.summary),
        Spacer(0, 6),
        pdf.facts(facts),
    ]
    if program.updates_in_period:
        flowables.append(pdf.text(_("Updates to the Council in the period"), pdf.LABEL))
        flowables += [
            pdf.text(f"{formats.date_format(update.presented_on, 'DATE_FORMAT')}: {update.title}")
            for update in program.updates_in_period
        ]
    evaluation = program_evaluation(program, start, end)
    flowables += _measures(evaluation.measures)
    flowables += _progress_updates(evaluation.updates)
    if evaluation.recommendation:
        flowables += _recommendation(evaluation.recommendation)
    tables = [table for metric in program.public_metrics for table in metric.tables]
    if tables:
        flowables += _tables(tables)
    elif program.code != dashboards.REPORTS_PILOT and not evaluation.measures:
        flowables.append(pdf.text(_("No figures were published for this period.")))
    return flowables


def _measures(results: list[MeasureResult]) -> list:
    """How it is going: each measure against its baseline and target, goal by goal, with a chart
    of the three figures, as the program's page gives them."""
    flowables = []
    if results:
        flowables += [
            pdf.text(_("How it is going"), pdf.HEADING),
            pdf.text(
                _(
                    "Each measure of a goal against where it started (its baseline) and where the City "
                    "aims for it to be (its target), with the latest figure."
                )
            ),
        ]
    for goal, rows in groupby(results, key=lambda result: result.measure.goal):
        rows = list(rows)
        header = [_("Measure"), _("Baseline"), _("Target"), _("Latest"), _("Status")]
        lines = [[pdf.text(cell, pdf.LABEL) for cell in header]]
        for result in rows:
            measure = result.measure
            status = result.status_label + (
                f" \N{EM DASH} {measure.status_note}" if measure.status_note else ""
            )
            lines.append(
                [
                    pdf.text(measure.name),
                    pdf.text(f"{result.baseline} ({result.baseline_period})"),
                    pdf.text(
                        _("%(target)s by %(due)s")
                        % {"target": result.target, "due": formats.date_format(measure.due_on, "DATE_FORMAT")}
                    ),
                    pdf.text(_latest(result)),
                    pdf.text(status),
                ]
            )
        grid = PdfTable(
            lines,
            repeatRows=1,
            hAlign="LEFT",
            colWidths=[1.6 * inch, 1.2 * inch, 1.2 * inch, 1.3 * inch, 1.2 * inch],
        )
        grid.setStyle(pdf.GRID)
        flowables += [Spacer(0, 6), KeepTogether([pdf.text(goal.text, pdf.LABEL), grid])]
        flowables += [_measure_chart(result) for result in rows]
    return flowables


def _latest(result: MeasureResult) -> str:
    if result.hidden:
        return f"{_('Too few to show, to protect privacy')} ({result.period_label})"
    if result.latest:
        return f"{result.latest} ({result.period_label})"
    return _("No figure yet")


def _measure_chart(result: MeasureResult) -> Drawing:
    """The baseline, the latest figure (when there is one to show) and the target as three bars
    on one scale, each named and labelled with its figure."""
    bars = [(_("Baseline"), result.measure.baseline, result.baseline)]
    if result.value is not None:
        bars.append((_("Latest"), result.value, result.latest))
    bars.append((_("Target"), result.measure.target, result.target))
    top = max(float(value) for _label, value, _text in bars) or 1
    row, label_width = 14, 1.3 * inch
    plot = TEXT_WIDTH - label_width - 1 * inch
    drawing = Drawing(TEXT_WIDTH, row * len(bars) + 10)
    drawing.add(String(0, row * len(bars) + 2, result.measure.name[:90], fontName="Vera", fontSize=7))
    for index, (label, value, text) in enumerate(bars):
        y = row * (len(bars) - index - 1)
        width = max(float(value), 0) / top * plot
        drawing.add(String(0, y + 3, label, fontName="Vera", fontSize=7))
        drawing.add(Rect(label_width, y + 2, width, row - 5, fillColor=BAR, strokeColor=None))
        drawing.add(String(label_width + width + 4, y + 3, text, fontName="Vera", fontSize=7))
    return drawing


def _progress_updates(updates: list) -> list:
    flowables = [pdf.text(_("Progress updates"), pdf.HEADING)] if updates else []
    for update in updates:
        flowables += [
            pdf.text(
                f"{formats.date_format(update.period_start, 'DATE_FORMAT')} \N{EN DASH} "
                f"{formats.date_format(update.period_end, 'DATE_FORMAT')}: {update.get_status_display()}",
                pdf.LABEL,
            ),
            pdf.text(update.narrative),
        ]
        if update.adjustments:
            flowables += [pdf.text(_("What we changed and why"), pdf.LABEL), pdf.text(update.adjustments)]
    return flowables


def _recommendation(recommendation) -> list:
    flowables = [
        pdf.text(_("Findings and recommendation"), pdf.HEADING),
        pdf.text(recommendation.findings),
        pdf.text(f"{_('Recommendation:')} {recommendation.get_decision_display()}", pdf.LABEL),
        pdf.text(recommendation.reasons),
    ]
    evidence = [measure.name for measure in recommendation.evidence.all()]
    if evidence:
        flowables += [
            pdf.text(_("Evidence"), pdf.LABEL),
            *(pdf.text(f"\N{BULLET} {name}") for name in evidence),
        ]
    return flowables


def quarters(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The first and last days of the ended quarters from `start` to `end`, in date order."""
    return sorted((first, last) for _key, first, last in ended_quarters() if start <= first and last <= end)


def _reports_section(start: datetime.date, end: datetime.date, shares: dict) -> list:
    """The R4 pilot's figures for one quarter, counted from its reports, as on the data page."""
    figures = aggregates.pilot_figures(start, end)
    flowables = [
        PageBreak(),
        pdf.text(
            _("Reports filed with the City (R4), %(period)s")
            % {"period": dashboards.period_label(start, end)},
            pdf.TITLE,
        ),
    ]
    if not figures["reports"]:
        return [*flowables, pdf.text(_("No reports were filed in this quarter."))]
    hidden = dashboards.hidden_report_figures(figures, dashboards.REPORT_THRESHOLD)
    flowables += _tables(
        dashboards.report_tables(figures, start, end, threshold=dashboards.REPORT_THRESHOLD, hidden=hidden)
    )
    for heading, tables in dashboards.equity_tables(figures, start, end, shares, hidden):
        flowables.append(pdf.text(_("By %(breakdown)s") % {"breakdown": heading.lower()}, pdf.HEADING))
        flowables += _tables(tables)
    return flowables


def _tables(tables: list[dashboards.Table]) -> list:
    """Each table with its chart above it (when it has a bar to draw), kept on one page together."""
    flowables = []
    for table in tables:
        parts = [pdf.text(table.caption, pdf.LABEL)]
        if table.chart and any(_drawn(bar) for bar in table.chart["bars"]):
            parts.append(_chart(table))
        parts.append(_grid(table))
        flowables += [Spacer(0, 8), KeepTogether(parts)]
    return flowables


def _drawn(bar: dict) -> bool:
    """Whether a bar of a chart shows: upright bars (one a period) by their height, lying ones
    (one a group) by their length."""
    return not bar["suppressed"] and bool(bar["height"] if "label_x" in bar else bar["width"])


def _grid(table: dashboards.Table) -> PdfTable:
    header, *rows = dashboards.table_cells(table)
    grid = PdfTable(
        [[pdf.text(cell, pdf.LABEL) for cell in header], *([pdf.text(cell) for cell in row] for row in rows)],
        repeatRows=1,
        hAlign="LEFT",
    )
    grid.setStyle(pdf.GRID)
    return grid


def _chart(table: dashboards.Table) -> Drawing:
    """The page's chart of the table, drawn again in PDF: the same bars from the same geometry
    (`dashboards.series_chart`, `breakdown_chart`), turned over since PDF counts up from the foot."""
    chart = table.chart
    scale = TEXT_WIDTH / chart["width"]
    height = chart["height"]
    drawing = Drawing(TEXT_WIDTH, height * scale)

    def box(x, y, width, bar_height, **style) -> Rect:
        return Rect(x * scale, (height - y - bar_height) * scale, width * scale, bar_height * scale, **style)

    def label(x, y, words, anchor="start") -> String:
        return String(x * scale, (height - y) * scale, words, fontName="Vera", fontSize=7, textAnchor=anchor)

    hidden = _("not shown")
    if "baseline" in chart:
        # Bars a period stand on a line, with the tallest bar's value at the top of the scale.
        drawing.add(
            Line(
                chart["axis_x"] * scale,
                (height - chart["baseline"]) * scale,
                chart["width"] * scale,
                (height - chart["baseline"]) * scale,
                strokeColor=MARKER,
            )
        )
        drawing.add(label(chart["axis_x"] - 6, chart["axis_top"] + 6, str(chart["top_value"]), "end"))
    for bar in chart["bars"]:
        if "label_x" in bar:
            # One bar a period, upright.
            if _drawn(bar):
                drawing.add(
                    box(bar["x"], bar["y"], bar["width"], bar["height"], fillColor=BAR, strokeColor=None)
                )
            drawing.add(label(bar["label_x"], chart["label_y"], bar["label"], "middle"))
        else:
            # One bar a group, lying down, with its name before it.
            drawing.add(label(0, bar["text_y"], bar["label"][:40]))
            if bar["suppressed"]:
                drawing.add(label(chart["axis_x"] + 4, bar["text_y"], hidden))
            else:
                drawing.add(
                    box(
                        chart["axis_x"],
                        bar["y"],
                        bar["width"],
                        bar["height"],
                        fillColor=BAR,
                        strokeColor=None,
                    )
                )
            if bar["marker_x"] is not None:
                drawing.add(
                    Line(
                        bar["marker_x"] * scale,
                        (height - bar["y"]) * scale,
                        bar["marker_x"] * scale,
                        (height - bar["y"] - bar["height"]) * scale,
                        strokeColor=MARKER,
                        strokeWidth=1.5,
                    )
                )
    return drawing

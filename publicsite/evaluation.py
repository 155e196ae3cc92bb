"""The evaluation of a program as the public reads it on the program's page, and as the Council
report reads it: each public measure against its baseline and target with its status, the
published progress updates, and the published recommendation.

A measure's latest figure, as of the period's `end`, is:
- for an imported metric, its latest total (no breakdown) whose period ends by `end` (and starts on
  or after `start`, when given); a metric with a small-number threshold counts only periods of its
  grid, as the data page does (`dashboards.one_grid_level`), and a count it hides is hidden here;
- for one of R4's figures from reports, the figure over the latest calendar quarter that has ended
  by `end` (and starts on or after `start`): the data page's grid, whose tables hide small counts
  across all of them (`dashboards.hidden_report_figures`). A share or a median of a hidden count is
  hidden too;
- for a survey question, its answers over that same quarter (`surveys.services.question_figures`),
  hidden when from 1 to `dashboards.REPORT_THRESHOLD` people answered it.
A hidden figure counts as no figure for the status, which would give it away otherwise.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pilots.models import Measure, Metric, MetricValue, Program, ProgressUpdate, Recommendation, Status
from publicsite import dashboards
from publicsite.forms import ended_quarters
from publicsite.suppression import suppress
from reporting import aggregates
from surveys.services import question_figures

DAYS = "days"
ReportFigure = Measure.ReportFigure
# The unit of each figure from reports, as metrics name theirs (and days, which no metric counts).
REPORT_FIGURE_UNITS = {
    ReportFigure.REPORTS: Metric.Unit.COUNT,
    ReportFigure.ACCEPTED_SHARE: Metric.Unit.PERCENT,
    ReportFigure.FOLLOW_UP_GIVEN_SHARE: Metric.Unit.PERCENT,
    ReportFigure.MEDIAN_DAYS_TO_DECISION: DAYS,
}
# A survey's mean answer is written as the number alone.
SCORE = "score"
SurveyFigure = Measure.SurveyFigure
SURVEY_FIGURE_UNITS = {SurveyFigure.FAVOURABLE_SHARE: Metric.Unit.PERCENT, SurveyFigure.MEAN: SCORE}


def amount(value: Decimal, unit: str) -> str:
    """A figure as the page writes it, with its unit: 42, 12.5%, 31 minutes, 2.5 days."""
    number = number_format(value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize())
    if unit == Metric.Unit.PERCENT:
        return _("%(value)s%%") % {"value": number}
    if unit == Metric.Unit.MINUTES:
        return _("%(value)s minutes") % {"value": number}
    if unit == DAYS:
        return _("%(value)s days") % {"value": number}
    return number


@dataclass(frozen=True)
class MeasureResult:
    measure: Measure
    unit: str
    value: Decimal | None  # the latest figure; None when there is none or it is hidden
    period: tuple[datetime.date, datetime.date] | None
    hidden: bool
    status: str

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def latest(self) -> str:
        return "" if self.value is None else amount(self.value, self.unit)

    @property
    def period_label(self) -> str:
        return dashboards.period_label(*self.period) if self.period else ""

    @property
    def baseline(self) -> str:
        return amount(self.measure.baseline, self.unit)

    @property
    def baseline_period(self) -> str:
        return dashboards.period_label(self.measure.baseline_start, self.measure.baseline_end)

    @property
    def target(self) -> str:
        return amount(self.measure.target, self.unit)


@dataclass(frozen=True)
class ProgramEvaluation:
    program: Program
    measures: list[MeasureResult]
    updates: list[ProgressUpdate]
    recommendation: Recommendation | None


def program_evaluation(
    program: Program, start: datetime.date | None, end: datetime.date, now: datetime.datetime | None = None
) -> ProgramEvaluation:
    """The program's public measures with their latest figure as of `end` (see the module
    docstring) and status on `end`, its progress updates published by `now` whose period overlaps
    `start` to `end` (from the first, without `start`), and its latest published recommendation."""
    measures = list(
        Measure.objects.public()
        .filter(goal__program=program)
        .select_related("goal", "metric", "survey_question")
    )
    latest = _imported_figures([m.metric for m in measures if m.metric], start, end)
    if any(measure.report_figure for measure in measures):
        latest.update(_report_figures(start, end))
    if surveyed := [measure for measure in measures if measure.survey_question_id]:
        latest.update(_survey_figures(surveyed, start, end))
    results = []
    for measure in measures:
        value, period, hidden = latest.get(_figure_key(measure), (None, None, False))
        status = measure.status_for(value, period[1] if period else None, end)
        results.append(MeasureResult(measure, _unit(measure), value, period, hidden, status))
    updates = program.progress_updates.published(now).filter(period_start__lte=end)
    if start:
        updates = updates.filter(period_end__gte=start)
    recommendation = (
        program.recommendations.published(now)
        .prefetch_related(Prefetch("evidence", queryset=Measure.objects.public()))
        .first()
    )
    return ProgramEvaluation(program, results, list(updates), recommendation)


def _imported_figures(metrics: list[Metric], start: datetime.date | None, end: datetime.date) -> dict:
    """Each metric's latest total by `end`, by metric id: (value, period, hidden). One query."""
    totals: dict[int, list[MetricValue]] = {metric.pk: [] for metric in metrics}
    values = (
        MetricValue.objects.published()
        .filter(metric__in=list(totals), breakdown_dimension="")
        .order_by("period_end")
    )
    for value in values:
        totals[value.metric_id].append(value)
    figures = {}
    for metric in metrics:
        threshold = metric.suppression_threshold if metric.unit in dashboards.SUPPRESSED_UNITS else 0
        periods = {(v.period_start, v.period_end) for v in totals[metric.pk]}
        grid = dashboards.one_grid_level(periods) if threshold else periods
        kept = [
            v
            for v in totals[metric.pk]
            if (v.period_start, v.period_end) in grid
            and v.period_end <= end
            and (start is None or v.period_start >= start)
        ]
        if kept:
            last = kept[-1]
            hidden = suppress([("", last.value)], threshold).figures[0].suppressed
            figures[metric.pk] = (
                None if hidden else last.value,
                (last.period_start, last.period_end),
                hidden,
            )
    return figures


def _figure_key(measure: Measure):
    if measure.survey_question_id:
        return (measure.survey_question_id, measure.survey_figure)
    return measure.metric_id or measure.report_figure


def _unit(measure: Measure) -> str:
    if measure.metric:
        return measure.metric.unit
    if measure.survey_question_id:
        return SURVEY_FIGURE_UNITS[measure.survey_figure]
    return REPORT_FIGURE_UNITS[measure.report_figure]


def _latest_quarter(start: datetime.date | None, end: datetime.date) -> tuple | None:
    """The latest calendar quarter that has ended by `end` and starts on or after `start`."""
    return next(
        (
            (first, last)
            for _key, first, last in ended_quarters()
            if last <= end and (start is None or first >= start)
        ),
        None,
    )


def _survey_figures(measures: list[Measure], start: datetime.date | None, end: datetime.date) -> dict:
    """The survey measures' figures over the latest ended quarter within the period, by
    `_figure_key`: (value, period, hidden); none for a question nobody answered then."""
    quarter = _latest_quarter(start, end)
    if quarter is None:
        return {}
    counted = question_figures([measure.survey_question for measure in measures], *quarter)
    figures = {}
    for measure in measures:
        answers = counted[measure.survey_question_id]
        if not answers.answered:
            continue
        hidden = suppress([("", answers.answered)], dashboards.REPORT_THRESHOLD).figures[0].suppressed
        value = (
            answers.favourable_share
            if measure.survey_figure == SurveyFigure.FAVOURABLE_SHARE
            else answers.mean
        )
        figures[_figure_key(measure)] = (None if hidden else value, quarter, hidden)
    return figures


def _report_figures(start: datetime.date | None, end: datetime.date) -> dict:
    """R4's figures over the latest ended quarter within the period, by `Measure.ReportFigure`:
    (value, period, hidden); none when no such quarter has reports."""
    quarter = _latest_quarter(start, end)
    if quarter is None:
        return {}
    figures = aggregates.pilot_figures(*quarter)
    reports = figures["reports"]
    if not reports:
        return {}
    hidden = dashboards.hidden_report_figures(figures, dashboards.REPORT_THRESHOLD)
    given = sum(figures["follow_up_given"].values())
    median = figures["days_to_decision"]["median"]
    found = {
        ReportFigure.REPORTS: (Decimal(reports), "reports" in hidden),
        ReportFigure.ACCEPTED_SHARE: (
            _share(figures["decisions"][aggregates.Decision.ACCEPTED], reports),
            "reports" in hidden or ("decisions", aggregates.Decision.ACCEPTED) in hidden,
        ),
        ReportFigure.FOLLOW_UP_GIVEN_SHARE: (
            _share(given, reports),
            "reports" in hidden or "given" in hidden,
        ),
        ReportFigure.MEDIAN_DAYS_TO_DECISION: (
            None if median is None else Decimal(str(median)),
            "decided" in hidden,
        ),
    }
    return {
        code: (None if is_hidden else value, quarter, is_hidden)
        for code, (value, is_hidden) in found.items()
        if value is not None
    }


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

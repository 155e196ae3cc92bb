"""OPI's dashboard in the admin: the R4 pilot's figures without the public page's small-count
suppression (they hold no personal data, and the demographic breakdowns stay suppressed; the
figures by ward are not demographic, so they are shown whole like the other breakdowns),
residents the screening sent elsewhere per week, and the imported metrics of the other pilots,
each table with a CSV download. For OPI staff and Supervisors (`publicsite.view_pilot_dashboard`)."""

from dataclasses import dataclass

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from pilots.models import Metric
from publicsite import dashboards
from publicsite.forms import DataPeriodForm, MonthRange
from reporting import aggregates

PERMISSION = "publicsite.view_pilot_dashboard"
# The pilot whose figures are counted from reports; the others' come from imported metrics.
REPORTS_PILOT = "R4"
EXITS_GRID = "screening-exits-by-week-and-exit"


@dataclass
class Dashboard:
    months: MonthRange
    report_tables: list
    equity_tables: list
    ward_figures: dashboards.WardFigures
    exits_table: dashboards.Table
    exit_headings: list[str]
    exit_rows: list
    metrics: list[Metric]


def _check(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _dashboard(request) -> tuple[DataPeriodForm, Dashboard]:
    form = DataPeriodForm(request.GET or None)
    months = form.month_range()
    figures = aggregates.pilot_figures(months.start, months.end)
    shares = dashboards.population_shares()
    exits_table, exit_headings, exit_rows = dashboards.exits_by_week(
        aggregates.screening_exits_by_week(months.start, months.end)
    )
    metrics = list(
        Metric.objects.exclude(program__code=REPORTS_PILOT)
        .select_related("program")
        .order_by("program__position", "program_id", "code")
    )
    tables = dashboards.metrics_tables(metrics, shares)
    for metric in metrics:
        metric.tables = tables[metric.pk]
    dashboard = Dashboard(
        months,
        dashboards.report_tables(figures, months.start, months.end, threshold=0),
        dashboards.equity_tables(figures, months.start, months.end, shares),
        dashboards.ward_figures(figures, aggregates.ward_shapes(), months.start, months.end, threshold=0),
        exits_table,
        exit_headings,
        exit_rows,
        metrics,
    )
    return form, dashboard


@require_safe
def pilot_dashboard(request):
    _check(request)
    form, dashboard = _dashboard(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Pilot figures"),
        "form": form,
        "dashboard": dashboard,
        "period_query": f"?{dashboard.months.query}" if dashboard.months.query else "",
        "report_threshold": dashboards.REPORT_THRESHOLD,
        "exits_grid": EXITS_GRID,
    }
    return TemplateResponse(request, "admin/publicsite/pilot_dashboard.html", context)


@require_safe
def pilot_dashboard_csv(request, table):
    """One of the dashboard's tables as CSV, for the same months."""
    _check(request)
    _form, dashboard = _dashboard(request)
    if table == EXITS_GRID:
        content = dashboards.grid_csv(_("Week starting"), dashboard.exit_headings, dashboard.exit_rows)
    else:
        every = [
            *dashboard.report_tables,
            *(t for _heading, tables in dashboard.equity_tables for t in tables),
            *dashboard.ward_figures.tables,
            dashboard.exits_table,
        ]
        every_metric = {f"{metric.code}-{t.slug}": t for metric in dashboard.metrics for t in metric.tables}
        found = next((t for t in every if t.slug == table), None) or every_metric.get(table)
        if found is None:
            raise Http404
        content = dashboards.table_csv(found)
    months = dashboard.months
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="pilot-{table}-{months.start:%Y-%m}-{months.end:%Y-%m}.csv"'
    )
    return response

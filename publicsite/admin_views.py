"""OPI's pages in the admin. The dashboard: the R4 pilot's figures without the public page's
small-count suppression (they hold no personal data, and the demographic breakdowns stay
suppressed; the figures by ward are not demographic, so they are shown whole like the other
breakdowns),
residents the screening sent elsewhere per week, and the imported metrics of the other pilots,
each table with a CSV download. OPI may choose one demographic breakdown to see with no count
hidden (`WholeBreakdownForm`; never two crossed), and each such view, or download of its tables,
is recorded like any view of residents' data. The report to the City Council (`publicsite.council_report`), to
download or to keep with a Council update. For OPI staff and Supervisors
(`publicsite.view_pilot_dashboard`)."""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from pilots.models import Metric
from publicsite import council_report, dashboards
from publicsite.forms import (
    AttachCouncilReportForm,
    CouncilReportForm,
    DataPeriodForm,
    MonthRange,
    WholeBreakdownForm,
)
from reporting import aggregates, services

PERMISSION = "publicsite.view_pilot_dashboard"
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
    # The breakdown chosen to see with no count hidden ("" for none), its name and tables.
    breakdown: str
    whole_breakdown: tuple[str, list] | None


def _check(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _dashboard(request) -> tuple[DataPeriodForm, WholeBreakdownForm, Dashboard]:
    form = DataPeriodForm(request.GET or None)
    breakdown_form = WholeBreakdownForm(request.GET or None)
    breakdown = breakdown_form.cleaned_data["breakdown"] if breakdown_form.is_valid() else ""
    months = form.month_range()
    figures = aggregates.pilot_figures(months.start, months.end)
    shares = dashboards.population_shares()
    exits_table, exit_headings, exit_rows = dashboards.exits_by_week(
        aggregates.screening_exits_by_week(months.start, months.end)
    )
    metrics = list(
        Metric.objects.exclude(program__code=dashboards.REPORTS_PILOT)
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
        breakdown,
        dashboards.whole_breakdown(figures, breakdown, months.start, months.end, shares)
        if breakdown
        else None,
    )
    return form, breakdown_form, dashboard


def _record_whole_breakdown(request, dashboard: Dashboard) -> None:
    """Record who saw the figures of one breakdown with no count hidden, which and for when."""
    months = dashboard.months
    services.record_figures_view(
        actor=request.user,
        filters=f"breakdown={dashboard.breakdown} start={months.start:%Y-%m} end={months.end:%Y-%m}",
    )


@require_safe
def pilot_dashboard(request):
    _check(request)
    form, breakdown_form, dashboard = _dashboard(request)
    if dashboard.whole_breakdown:
        _record_whole_breakdown(request, dashboard)
    context = {
        **admin.site.each_context(request),
        "title": _("Pilot figures"),
        "form": form,
        "breakdown_form": breakdown_form,
        "dashboard": dashboard,
        "period_query": f"?{dashboard.months.query}" if dashboard.months.query else "",
        "breakdown_query": "?"
        + "&".join(filter(None, [dashboard.months.query, f"breakdown={dashboard.breakdown}"])),
        "report_threshold": dashboards.REPORT_THRESHOLD,
        "exits_grid": EXITS_GRID,
    }
    return TemplateResponse(request, "admin/publicsite/pilot_dashboard.html", context)


@require_safe
def pilot_dashboard_csv(request, table):
    """One of the dashboard's tables as CSV, for the same months."""
    _check(request)
    _form, _breakdown_form, dashboard = _dashboard(request)
    whole = dashboard.whole_breakdown[1] if dashboard.whole_breakdown else []
    if table == EXITS_GRID:
        content = dashboards.grid_csv(_("Week starting"), dashboard.exit_headings, dashboard.exit_rows)
    else:
        every = [
            *dashboard.report_tables,
            *(t for _heading, tables in dashboard.equity_tables for t in tables),
            *dashboard.ward_figures.tables,
            dashboard.exits_table,
            *whole,
        ]
        every_metric = {f"{metric.code}-{t.slug}": t for metric in dashboard.metrics for t in metric.tables}
        found = next((t for t in every if t.slug == table), None) or every_metric.get(table)
        if found is None:
            raise Http404
        content = dashboards.table_csv(found)
        if found in whole:
            _record_whole_breakdown(request, dashboard)
    months = dashboard.months
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="pilot-{table}-{months.start:%Y-%m}-{months.end:%Y-%m}.csv"'
    )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def council_report_page(request):
    """The report to the City Council for the quarters chosen, in the language chosen: a PDF to
    download, or kept with a Council update (POST, for staff who may change updates). Until the
    choice is good, the forms again with what was chosen and what to fix."""
    _check(request)
    may_attach = request.user.has_perm("pilots.change_councilupdate")
    form = CouncilReportForm(None if request.method == "POST" else request.GET or None)
    attach = AttachCouncilReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_attach:
            raise PermissionDenied
        if attach.is_valid():
            update = attach.cleaned_data["update"]
            name, content = _council_report(attach)
            update.council_report.save(name, ContentFile(content))
            messages.success(
                request,
                _("The report is kept with the Council update “%(update)s”.") % {"update": update},
            )
            return redirect("admin:pilots_councilupdate_change", update.pk)
    elif form.is_valid():
        name, content = _council_report(form)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {
        **admin.site.each_context(request),
        "title": _("Report to the City Council"),
        "form": form,
        "attach": attach if may_attach else None,
    }
    return TemplateResponse(request, "admin/publicsite/council_report.html", context)


def _council_report(form: CouncilReportForm) -> tuple[str, bytes]:
    """The file name and the bytes of the report a valid form asks for."""
    months = form.month_range()
    language = form.cleaned_data["language"]
    name = f"council-report-{months.start:%Y-%m}-{months.end:%Y-%m}-{language}.pdf"
    return name, council_report.build(months.start, months.end, language)

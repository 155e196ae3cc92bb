"""OPI's pages in the admin. The dashboard: the R4 pilot's figures without the public page's
small-count suppression (they hold no personal data, and the demographic breakdowns stay
suppressed; the figures by ward are not demographic, so they are shown whole like the other
breakdowns),
residents the screening sent elsewhere per week, and the imported metrics of the other pilots,
each table with a CSV download. OPI may choose one demographic breakdown to see with no count
hidden (`WholeBreakdownForm`; never two crossed), and each such view, or download of its tables,
is recorded like any view of residents' data. The report to the City Council (`publicsite.council_report`), to
download or to keep with a Council update. For OPI staff and Supervisors
(`publicsite.view_pilot_dashboard`). The translation queue (`publicsite.translation_queue`), for
the staff who keep content in every language (`publicsite.view_translationstatus`). The preview
of draft and scheduled content on its public page, for staff who may change it (core.publishing)."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.publishing import previewing
from pilots.models import Metric
from publicsite import council_report, dashboards, translation_queue
from publicsite.forms import (
    AttachCouncilReportForm,
    CouncilReportForm,
    DataPeriodForm,
    MonthRange,
    TranslationQueueForm,
    WholeBreakdownForm,
)
from publicsite.models import NothingToReview, TranslationStatus
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


def _check(request, permission: str = PERMISSION) -> None:
    if not request.user.has_perm(permission):
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


@require_safe
def translation_queue_page(request):
    """What waits to be translated or reviewed in one language, a tab per language."""
    _check(request, "publicsite.view_translationstatus")
    language = TranslationQueueForm(request.GET).chosen()
    editables = translation_queue.editable_by(request.user)
    counts = translation_queue.waiting_counts(editables)
    context = {
        **admin.site.each_context(request),
        "title": _("Translation queue"),
        "language": language,
        "tabs": [(code, name, counts[code]) for code, name in TranslationQueueForm.LANGUAGES],
        "page": translation_queue.queue_page(editables, language, request.GET.get("page")),
        "reviews": translation_queue.recent_reviews(editables, language),
        "may_review": request.user.has_perm("publicsite.review_translation"),
    }
    return TemplateResponse(request, "admin/publicsite/translation_queue.html", context)


@require_POST
def translation_reviewed(request, pk):
    """Mark one translation reviewed by the staff member, then back to its language's queue."""
    _check(request, "publicsite.review_translation")
    editables = translation_queue.editable_by(request.user)
    status = get_object_or_404(TranslationStatus, pk=pk, content_table__in=editables)
    (row,) = translation_queue.rows([status], editables)
    described = {"language": TranslationQueueForm.name(status.language), "field": row.field, "kind": row.kind}
    try:
        status.mark_reviewed(request.user)
    except NothingToReview:
        message = _("The %(language)s %(field)s of this %(kind)s has no text to review: write it first.")
        messages.error(request, message % described)
    else:
        message = _("The %(language)s %(field)s of this %(kind)s is marked reviewed.")
        messages.success(request, message % described)
    return redirect(f"{reverse('admin:translation-queue')}?{urlencode({'language': status.language})}")


@require_safe
def preview(request, app_label: str, model_name: str, pk: int) -> HttpResponse:
    """The public page a draft or scheduled object appears on, drawn as it will look once the
    object is published, under a banner saying it is a preview. Only for staff who may change
    the object: the others get a 404, as if there were nothing to see. Never cached: the public
    view's cache marks are replaced with `private, no-store`, `cached_page` marks nothing while a
    preview is drawn, and the page cache never stores what is under the admin."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    permitted = request.user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
    if not (permitted and hasattr(model, "preview_rows")):
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    match = resolve(urlsplit(obj.get_absolute_url()).path)
    with previewing(obj.preview_rows()):
        response = match.func(request, *match.args, **match.kwargs)
    for header in ("ETag", "Last-Modified", "Cache-Control", "Expires"):
        del response[header]
    add_never_cache_headers(response)
    return response

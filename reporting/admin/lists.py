"""The lists Supervisors keep (message templates, reasons, City sites, the workflow settings, where
referred reports are passed on) and the records only our code writes (history, screening exits,
exports, the files for the police records system, reports passed on, access records)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from modeltranslation.admin import TranslationAdmin

from core.admin import HTTPS_LINKS, AppendOnlyAdmin, PublishingAdmin
from reporting import handoffs, records_export, services
from reporting.admin.queue import record_list_page, search_refused
from reporting.models import (
    AccessRecord,
    ExportRecord,
    Handoff,
    HandoffAddress,
    HistoryEntry,
    MessageTemplate,
    Reason,
    RecordsExport,
    Report,
    ScreeningExit,
    Site,
    WorkflowSettings,
)


@admin.register(MessageTemplate)
class MessageTemplateAdmin(TranslationAdmin):
    list_display = ["name", "purpose", "active"]
    list_filter = ["purpose", "active"]
    search_fields = ["name", "body"]
    ordering = ["purpose", "name"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reason)
class ReasonAdmin(TranslationAdmin):
    list_display = ["label", "action", "destination", "active"]
    list_filter = ["action", "destination", "active"]
    search_fields = ["label", "explanation"]
    ordering = ["action", "label"]

    # A reason stays in the history of the reports that used it: retire it instead.
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Site)
class SiteAdmin(PublishingAdmin, TranslationAdmin):
    list_display = ["name", "room", "languages", "active", "order"]
    list_filter = ["active"]
    search_fields = ["name", "address"]
    ordering = ["order", "name"]
    readonly_fields = ["is_demo"]
    formfield_overrides = HTTPS_LINKS

    # Visits and the figures keep the sites they were at: take one off the list instead.
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkflowSettings)
class WorkflowSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "info_request_days", "first_review_days"]
    list_filter = []
    search_fields = []
    ordering = ["pk"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not WorkflowSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HandoffAddress)
class HandoffAddressAdmin(admin.ModelAdmin):
    """One row per destination the City names, made by the migrations; only the address changes,
    through `reporting.handoffs.change_address`, which tells the other Supervisors."""

    list_display = ["destination", "email", "updated_at"]
    list_filter = []
    search_fields = []
    ordering = ["destination"]
    fields = ["destination", "email"]
    readonly_fields = ["destination"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        handoffs.change_address(obj, email=form.cleaned_data["email"], actor=request.user)


@admin.register(Handoff)
class HandoffAdmin(admin.ModelAdmin):
    """Reports passed on and how their delivery went; Supervisors send failed ones again. Nothing
    here is edited: the rows are the deliveries' record."""

    list_display = ["created_at", "report", "destination", "email", "status", "attempts", "error", "sent_at"]
    list_filter = ["status", "destination"]
    list_select_related = ["report"]
    search_fields = ["report__reference"]
    ordering = ["-created_at", "-id"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm("reporting.resend_handoff")

    @admin.action(description=_("Send the failed ones again"), permissions=["resend"])
    def send_again(self, request, queryset):
        sent = handoffs.send_again(queryset, actor=request.user)
        self.message_user(request, _("Queued again: %(count)s.") % {"count": sent}, messages.SUCCESS)


@admin.register(HistoryEntry)
class HistoryEntryAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "report", "kind", "actor", "from_status", "to_status"]
    list_filter = ["kind", "to_status"]
    list_select_related = ["report", "actor"]
    search_fields = ["report__reference", "report__case_number", "actor__username"]
    ordering = ["-created_at", "-id"]
    date_hierarchy = "created_at"

    # The entries name reports and hold messages to residents: each page of them is recorded.

    def get_search_results(self, request, queryset, search_term):
        if search_refused(request, search_term):
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        record_list_page(request, response, AccessRecord.Kind.HISTORY_LIST, lambda entry: entry.report_id)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        entry = getattr(response, "context_data", {}).get("original")
        if entry is not None:
            services.record_view(entry.report, actor=request.user, kind=AccessRecord.Kind.HISTORY_PAGE)
        return response


@admin.register(ScreeningExit)
class ScreeningExitAdmin(AppendOnlyAdmin):
    list_display = ["date", "exit", "count"]
    list_filter = ["exit"]
    search_fields = []
    ordering = ["-date", "exit"]
    date_hierarchy = "date"


@admin.register(ExportRecord)
class ExportRecordAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "exported_by", "included_personal_data", "report_count"]
    list_filter = ["included_personal_data"]
    list_select_related = ["exported_by"]
    search_fields = ["exported_by__username"]
    ordering = ["-created_at"]
    date_hierarchy = "created_at"


@admin.register(RecordsExport)
class RecordsExportAdmin(AppendOnlyAdmin):
    """The daily files for the police records system, to download while they are kept; each
    download is recorded like an export (reporting.records_export)."""

    list_display = ["created_at", "report_count", "row_count", "removed_at", "download"]
    list_filter = []
    search_fields = []
    ordering = ["-created_at", "-id"]
    date_hierarchy = "created_at"
    exclude = ["file"]

    @admin.display(description=_("file"))
    def download(self, records_export):
        if not records_export.file:
            return _("removed")
        url = reverse("admin:reporting_recordsexport_download", args=[records_export.pk])
        return format_html('<a href="{}" download>{}</a>', url, _("Download (CSV, recorded)"))

    def get_urls(self):
        view = self.admin_site.admin_view(require_safe(self.download_view))
        return [
            path("<int:pk>/download/", view, name="reporting_recordsexport_download"),
            *super().get_urls(),
        ]

    def download_view(self, request, pk):
        """Supervisors only; the file as the job wrote it, as an attachment; recorded."""
        if not request.user.has_perm("reporting.download_recordsexport"):
            raise PermissionDenied
        records_file = get_object_or_404(RecordsExport, pk=pk)
        if not records_file.file:
            raise Http404
        try:
            opened = records_file.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        records_export.record_download(records_file, user=request.user)
        made = timezone.localtime(records_file.created_at)
        response = FileResponse(
            opened,
            as_attachment=True,
            filename=f"records-export-{made:%Y%m%d-%H%M}.csv",
            content_type="text/csv; charset=utf-8",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class AccessedReportFilter(admin.SimpleListFilter):
    """Everything that showed one report: its page, its history, its files, and each page of the
    queue or export that listed it. Reached from the report page, or by searching its reference."""

    title = _("report")
    parameter_name = "report"

    def lookups(self, request, model_admin):
        if not (self.value() or "").isdigit():
            return []
        return list(Report.objects.filter(pk=self.value()).values_list("pk", "reference"))

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        return queryset.filter(showing(int(self.value())))


def showing(report_id: int) -> Q:
    return Q(report_id=report_id) | Q(report_ids__contains=[report_id])


@admin.register(AccessRecord)
class AccessRecordAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "staff", "kind", "report", "search", "filters", "listed"]
    list_filter = [AccessedReportFilter, ("staff", admin.RelatedOnlyFieldListFilter), "kind"]
    list_select_related = ["staff", "report"]
    search_fields = ["report__reference"]
    search_help_text = _("A reference or case number: every time that report was seen.")
    ordering = ["-created_at", "-id"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    @admin.display(description=_("reports listed"))
    def listed(self, record):
        return len(record.report_ids) or ""

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip().upper()
        if not term:
            return queryset, False
        report = Report.objects.filter(Q(reference=term) | Q(case_number=term)).only("pk").first()
        if report is None:
            return queryset.none(), False
        return queryset.filter(showing(report.pk)), False

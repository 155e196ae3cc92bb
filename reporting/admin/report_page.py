"""The report page and what hangs off it: its actions, the staff-only file view, the copy to
print, the dashboard, and reports taken by phone or in person. Every view of a report is recorded."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from reporting import corrections, dashboard, printed_copy, services, staff_forms
from reporting.admin import pin_pages, schedule
from reporting.admin.actions import ACTIONS, STATE_IN_WORDS, ActionOnPage, action_form, take_action
from reporting.admin.queue import QueueAdmin
from reporting.models import (
    AccessRecord,
    Attachment,
    Call,
    CustodyTransfer,
    Evidence,
    HistoryEntry,
    Message,
    Report,
    Visit,
)


@admin.register(Report)
class ReportAdmin(QueueAdmin):
    # The report page

    def history_view(self, request, object_id, extra_context=None):
        """The admin's change history of a report names it and its resident: recorded like the page.
        Permission first, as on the page: Django's own view looks the report up before it checks."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            report = response.context_data["object"]
            services.record_view(report, actor=request.user, kind=AccessRecord.Kind.HISTORY_PAGE)
        return response

    def get_urls(self):
        admin_view = self.admin_site.admin_view
        # The report page is our own view, not the admin's change form: it takes the change
        # form's address and name, so every link the admin makes to a report leads to it.
        return [
            path(
                "dashboard/", admin_view(require_safe(self.dashboard_view)), name="reporting_report_dashboard"
            ),
            path("schedule/", admin_view(require_safe(self.schedule_view)), name="reporting_report_schedule"),
            path(
                "schedule/print/",
                admin_view(require_safe(self.run_sheet_view)),
                name="reporting_report_run_sheet",
            ),
            path(
                "<path:object_id>/change/",
                admin_view(require_http_methods(["GET", "HEAD", "POST"])(self.report_view)),
                name="reporting_report_change",
            ),
            path(
                "<path:object_id>/copy/",
                admin_view(require_safe(self.copy_view)),
                name="reporting_report_copy",
            ),
            path(
                "<path:object_id>/file/<str:source>/<int:pk>/<str:version>/",
                admin_view(require_safe(self.file_view)),
                name="reporting_report_file",
            ),
            *(url for url in super().get_urls() if url.name != "reporting_report_change"),
        ]

    def _report(self, request, object_id) -> Report:
        # Permission before the look-up: staff who may not see reports learn no report's id.
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404
        return report

    def report_view(self, request, object_id):
        """The report page: its state and what to do next first, then everything on the report.
        Shown (and recorded) on a GET and whenever a posted action did not go through."""
        report = self._report(request, object_id)
        posted = None
        if request.method == "POST":
            redirect, posted = take_action(request, report)
            if redirect is not None:
                return redirect
        context = self._page_context(request, report)
        # The actions see the report with its visits, calls and evidence already read.
        report = context["report"]
        on_page = [
            posted
            if posted is not None and posted.name == name
            else ActionOnPage(name, action, action_form(name, report))
            for name, action in ACTIONS.items()
            if action.allowed_for(request.user, report)
        ]
        next_steps = [shown for shown in on_page if report.status in shown.action.next_step_in]
        more = [shown for shown in on_page if report.status not in shown.action.next_step_in]
        services.record_view(report, actor=request.user)
        context = {
            **context,
            "state_in_words": STATE_IN_WORDS[report.status],
            "next_steps": next_steps,
            "more_actions": more,
            "more_open": posted is not None and posted.name in {shown.name for shown in more},
        }
        return TemplateResponse(request, "admin/reporting/report/report_page.html", context)

    def _page_context(self, request, report) -> dict:
        report = (
            Report.objects.select_related("assigned_to", "taken_by", "reason", "address_point")
            .prefetch_related(
                "items",
                "attachments",
                Prefetch("messages", queryset=Message.objects.select_related("author")),
                Prefetch(
                    "visits",
                    queryset=Visit.objects.select_related("staff", "recorded_by", "site").prefetch_related(
                        "evidence_collected"
                    ),
                ),
                Prefetch("calls", queryset=Call.objects.select_related("staff")),
                Prefetch(
                    "evidence",
                    queryset=Evidence.objects.select_related("collected_by").prefetch_related(
                        Prefetch(
                            "custody_transfers",
                            queryset=CustodyTransfer.objects.select_related("recorded_by"),
                        )
                    ),
                ),
                Prefetch("history", queryset=HistoryEntry.objects.select_related("actor")),
                "handoffs",
            )
            .get(pk=report.pk)
        )
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": report.reference,
            "report": report,
            "corrections": corrections.of_report(report),
        }

    def dashboard_view(self, request):
        """What report takers and Supervisors should look at first: waiting, late, coming up."""
        if not request.user.has_perm("reporting.view_report"):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Reports dashboard"),
            "dashboard": dashboard.staff_dashboard(),
        }
        return TemplateResponse(request, "admin/reporting/report/dashboard.html", context)

    def schedule_view(self, request):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Schedule of visits"),
            **schedule.schedule_context(request),
        }
        return TemplateResponse(request, "admin/reporting/report/schedule.html", context)

    def run_sheet_view(self, request):
        """The schedule as a plain page to print and carry."""
        context = {"title": _("Run sheet"), **schedule.schedule_context(request)}
        return TemplateResponse(request, "admin/reporting/report/run_sheet.html", context)

    def file_view(self, request, object_id, source, pk, version):
        """Stream a resident's file or a piece of evidence to staff who may see the report; record it."""
        report = self._report(request, object_id)
        if version not in ("original", "viewing"):
            raise Http404
        if source == "attachment":
            subject = get_object_or_404(Attachment, pk=pk, report=report)
            field = subject.viewing_copy if version == "viewing" else subject.original
            content_type = "image/jpeg" if version == "viewing" else subject.content_type
            access = {"attachment": subject}
        elif (
            source == "evidence"
            and version == "original"
            and request.user.has_perm("reporting.view_evidence")
        ):
            subject = get_object_or_404(Evidence, pk=pk, report=report)
            field = subject.file
            content_type = "application/octet-stream"
            access = {"evidence": subject}
        else:
            raise Http404
        if not field:
            raise Http404
        try:
            field.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        services.record_file_access(actor=request.user, **access)
        extension = field.name.rsplit(".", 1)[-1]
        inline = content_type.startswith("image/") and version == "viewing"
        response = FileResponse(
            field,
            content_type=content_type,
            as_attachment=not inline,
            filename=f"{report.reference}-{source}-{pk}.{extension}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response

    def copy_view(self, request, object_id):
        """The resident's copy of an accepted report, to print for the counter or a visit; recorded."""
        report = self._report(request, object_id)
        if not report.has_printable_copy:
            messages.error(request, _("A report has a copy to print once it is accepted."))
            return HttpResponseRedirect(reverse("admin:reporting_report_change", args=[report.pk]))
        services.record_view(report, actor=request.user, kind=AccessRecord.Kind.COPY)
        return printed_copy.copy_response(report)

    # Reports taken by phone or in person

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = staff_forms.StaffReportForm(request.POST or None)
        items = staff_forms.StaffItemFormSet(request.POST or None, prefix="items")
        if request.method == "POST" and form.is_valid() and items.is_valid():
            report = services.submit_report(
                fields=form.report_fields(),
                items=items.items(),
                channel=form.cleaned_data["channel"],
                taken_by=request.user,
            )
            self.message_user(request, _("Report %(reference)s saved.") % {"reference": report.reference})
            if not report.email:
                return pin_pages.after_intake(request, report)
            return HttpResponseRedirect(reverse("admin:reporting_report_change", args=[report.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Take a report by phone or in person"),
            "form": form,
            "items": items,
        }
        return TemplateResponse(request, "admin/reporting/report/take_report.html", context)

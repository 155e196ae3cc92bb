"""The staff side of reporting: the queue, the dashboard, the report page with its actions, reports
taken by phone or in person, the staff-only file view, exports, and the lists Supervisors keep.

Every change to a report goes through `reporting.services`; this module only checks who may do
what, turns forms into service calls and service errors into messages."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe
from modeltranslation.admin import TranslationAdmin

from config.admin import AppendOnlyAdmin
from reporting import corrections, dashboard, emails, exports, pin_admin, printed_copy, services, staff_forms
from reporting.models import (
    AccessRecord,
    Attachment,
    CustodyTransfer,
    Evidence,
    ExportRecord,
    HistoryEntry,
    Item,
    Message,
    MessageTemplate,
    Reason,
    Report,
    ScreeningExit,
    Visit,
    WorkflowSettings,
)

# The optional demographic answers: residents were promised they are used only as totals, so no
# staff page shows, filters, searches or sorts reports by them (see `ReportAdmin.lookup_allowed`).
DEMOGRAPHIC_FIELDS = ("age_range", "race_ethnicity", "gender")

# A reference ends in a random part since PINs were drawn by the City (reporting.models.reports).
REFERENCE_OR_CASE = re.compile(r"R-\d{4}-\d{6}(-[0-9A-Z]{5})?|C-\d{4}-\d{6}")
# A search longer than the access record keeps is refused with a message (`_search_refused`); no
# reference, name, address or serial number comes near it.
SEARCH_MAX_LENGTH = AccessRecord._meta.get_field("search").max_length
# Serial numbers are close to unique; this only bounds the query a careless search could build.
MAX_SERIAL_MATCHES = 500


class AgeFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"
    # (value, label, at least this many days old, younger than this many days)
    BUCKETS = [
        ("1", _("Under a day"), 0, 1),
        ("3", _("1 to 3 days"), 1, 3),
        ("7", _("3 to 7 days"), 3, 7),
        ("30", _("1 to 4 weeks"), 7, 30),
        ("older", _("Over 4 weeks"), 30, None),
    ]

    def lookups(self, request, model_admin):
        return [(value, label) for value, label, _oldest, _youngest in self.BUCKETS]

    def queryset(self, request, queryset):
        for value, _label, at_least, younger_than in self.BUCKETS:
            if self.value() == value:
                now = timezone.now()
                queryset = queryset.filter(created_at__lte=now - timedelta(days=at_least))
                if younger_than is not None:
                    queryset = queryset.filter(created_at__gt=now - timedelta(days=younger_than))
                return queryset
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = _("assigned")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", _("To me")), ("nobody", _("To nobody"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


def _search_refused(request, search_term: str) -> bool:
    """A search too long to record is refused, with a message saying so, and lists nothing."""
    if len(search_term) <= SEARCH_MAX_LENGTH:
        return False
    messages.error(
        request, _("A search can be at most %(limit)d characters long.") % {"limit": SEARCH_MAX_LENGTH}
    )
    return True


def _record_list_page(request, response, kind: str, report_id_of: Callable) -> None:
    """Record a list page of the admin that shows reports: its search, filters and page, and the
    reports it listed. The page's rows are read here once; the template reuses them."""
    changelist = getattr(response, "context_data", {}).get("cl")
    if changelist is None or len(changelist.query) > SEARCH_MAX_LENGTH:
        return  # a redirect, an export, an error page, a refused search (it listed nothing)
    filters = request.GET.copy()
    filters.pop(SEARCH_VAR, None)
    services.record_list_view(
        actor=request.user,
        kind=kind,
        report_ids=sorted({report_id_of(row) for row in changelist.result_list}),
        search=changelist.query,
        filters=filters.urlencode(),
    )


Status = Report.Status
EVERY_STATUS = tuple(Status)


@dataclass(frozen=True)
class Action:
    """One thing staff can do on the report page: its form, the permission it needs, the statuses
    it can be taken in, those in which it is what to do next, the service it runs, and, for a
    message to the resident, the email they will receive (for the preview)."""

    label: str
    form: type[staff_forms.ActionForm]
    permission: str
    statuses: tuple[str, ...]
    run: Callable[[Report, AbstractBaseUser, forms.Form], object]
    next_step_in: tuple[str, ...] = ()
    email: Callable[[Report, forms.Form], tuple[str, str]] | None = None

    @property
    def can_preview(self) -> bool:
        return self.email is not None

    def allowed_for(self, user: AbstractBaseUser, report: Report) -> bool:
        return user.has_perm(self.permission) and report.status in self.statuses


def _assign(report, user, form):
    services.assign(report, actor=user, assignee=form.cleaned_data["assignee"] or user)


def _visit(report, user, form):
    services.schedule_visit(report, actor=user, **form.cleaned_data)


def _evidence(report, user, form):
    data = form.cleaned_data
    services.log_evidence(
        report,
        actor=user,
        kind=data["kind"],
        description=data["description"],
        checked_file=data["file"],
        tag_number=data["tag_number"],
        storage_location=data["storage_location"],
    )


def _custody(report, user, form):
    data = form.cleaned_data
    services.transfer_custody(
        data["evidence"],
        actor=user,
        from_holder=data["from_holder"],
        to_holder=data["to_holder"],
        storage_location=data["storage_location"],
        when=data["transferred_at"],
    )


def _correct(report, user, form):
    report_changes, item_changes = form.changes()
    corrections.correct_report(
        report,
        actor=user,
        reason=form.cleaned_data["reason"],
        report_changes=report_changes,
        item_changes=item_changes,
    )


def _info_request_email(report, form):
    return emails.resident_email(
        report, "info_request", message=form.message(), deadline=services.info_request_deadline()
    )


def _reason_email(template: str):
    return lambda report, form: emails.resident_email(
        report, template, reason=form.cleaned_data["reason"], message=form.cleaned_data["note"]
    )


CHANGE = "reporting.change_report"
NEW = (Status.SUBMITTED,)
UNDECIDED = (Status.SUBMITTED, Status.NEEDS_INFO)
# The order is the order on the page.
ACTIONS = {
    "accept": Action(
        _("Accept and issue a case number"),
        staff_forms.ConfirmForm,
        CHANGE,
        UNDECIDED,
        lambda report, user, form: services.accept(report, actor=user),
        next_step_in=NEW,
    ),
    "request_info": Action(
        _("Ask the resident for more information"),
        staff_forms.InfoRequestForm,
        CHANGE,
        (Status.SUBMITTED, Status.ACCEPTED),
        lambda report, user, form: services.request_info(report, actor=user, body=form.message()),
        next_step_in=NEW,
        email=_info_request_email,
    ),
    "refer": Action(
        _("Refer elsewhere"),
        staff_forms.ReasonForm,
        CHANGE,
        UNDECIDED,
        lambda report, user, form: services.refer(report, actor=user, **form.cleaned_data),
        next_step_in=NEW,
        email=_reason_email("refer"),
    ),
    "decline": Action(
        _("Decline"),
        staff_forms.DeclineForm,
        CHANGE,
        UNDECIDED,
        lambda report, user, form: services.decline(report, actor=user, **form.cleaned_data),
        next_step_in=NEW,
        email=_reason_email("decline"),
    ),
    "record_answer": Action(
        _("Record the resident's answer"),
        staff_forms.AnswerForm,
        CHANGE,
        (Status.NEEDS_INFO,),
        lambda report, user, form: services.answer_info_request(
            report, actor=user, body=form.cleaned_data["body"]
        ),
        next_step_in=(Status.NEEDS_INFO,),
    ),
    "close": Action(
        _("Close"),
        staff_forms.CloseForm,
        CHANGE,
        Report.OPEN_STATUSES,
        lambda report, user, form: services.close(report, actor=user, **form.cleaned_data),
        next_step_in=(Status.ACCEPTED,),
    ),
    "reopen": Action(
        _("Reopen"),
        staff_forms.ConfirmForm,
        "reporting.reopen_report",
        Report.FINAL_STATUSES,
        lambda report, user, form: services.reopen(report, actor=user),
        next_step_in=Report.FINAL_STATUSES,
    ),
    "message": Action(
        _("Message the resident"),
        staff_forms.TemplatedMessageForm,
        CHANGE,
        EVERY_STATUS,
        lambda report, user, form: services.send_message(report, actor=user, body=form.message()),
        email=lambda report, form: emails.resident_email(report, "message", message=form.message()),
    ),
    "assign": Action(_("Assign"), staff_forms.AssignForm, CHANGE, Report.OPEN_STATUSES, _assign),
    "visit": Action(
        _("Schedule a visit"), staff_forms.VisitForm, "reporting.add_visit", Report.OPEN_STATUSES, _visit
    ),
    "correct": Action(
        _("Correct the place, dates or items"),
        staff_forms.CorrectionForm,
        "reporting.add_correction",
        corrections.CORRECTABLE,
        _correct,
    ),
    "note": Action(
        _("Add a note"),
        staff_forms.NoteForm,
        "reporting.add_historyentry",
        EVERY_STATUS,
        lambda report, user, form: services.add_note(report, actor=user, **form.cleaned_data),
    ),
    "evidence": Action(
        _("Log evidence"), staff_forms.EvidenceForm, "reporting.add_evidence", EVERY_STATUS, _evidence
    ),
    "custody": Action(
        _("Record a change of custody"),
        staff_forms.CustodyForm,
        "reporting.add_custodytransfer",
        EVERY_STATUS,
        _custody,
    ),
}

# The state of a report in words, first on its page.
STATE_IN_WORDS = {
    Status.SUBMITTED: _("New: waiting for a first review. Accept it, ask for more, refer it or decline it."),
    Status.NEEDS_INFO: _(
        "Waiting for the resident to answer a request for information. Record the answer if they "
        "gave it by phone or in person."
    ),
    Status.ACCEPTED: _("Accepted: the City is working on it. Close it when the work is done."),
    Status.REFERRED: _("Referred elsewhere: the City's work on it is done."),
    Status.DECLINED: _("Declined: the City's work on it is done."),
    Status.WITHDRAWN: _("Withdrawn by the resident."),
    Status.CLOSED: _("Closed: the City's work on it is done."),
}


@dataclass
class ActionOnPage:
    """An action form as the report page shows it."""

    name: str
    action: Action
    form: forms.Form
    preview: tuple[str, str] | None = None


def _action_form(name: str, report: Report, data=None, files=None) -> staff_forms.ActionForm:
    return ACTIONS[name].form(data, files, report=report, prefix=name)


def _take_action(request, report: Report) -> tuple[HttpResponseRedirect | None, ActionOnPage]:
    """Run the action posted from the report page, or preview its message. Returns the redirect
    when it went through, and the posted form as the page shows it again otherwise."""
    previewing = "preview" in request.POST
    name = request.POST.get("preview") if previewing else request.POST.get("action")
    action = ACTIONS.get(name)
    if action is None or not request.user.has_perm(action.permission):
        raise PermissionDenied
    form = _action_form(name, report, request.POST, request.FILES)
    shown = ActionOnPage(name, action, form)
    if report.status not in action.statuses:
        messages.error(request, services.InvalidTransition.for_report(report).message)
    elif not form.is_valid():
        pass  # the page shows the form again with its errors
    elif previewing:
        # Only a message can be previewed; a preview never carries an action out.
        shown.preview = action.email(report, form) if action.can_preview else None
    else:
        try:
            action.run(report, request.user, form)
        except services.ReportingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": action.label})
            return HttpResponseRedirect(request.path), shown
    return None, shown


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "case_number",
        "status",
        "kind",
        "channel",
        "follow_up",
        "full_name",
        "created_at",
        "assigned_to",
    ]
    list_filter = ["status", "kind", "channel", AgeFilter, "follow_up", AssignedFilter]
    list_select_related = ["assigned_to"]
    # These show the search box and name what it looks in; get_search_results decides how.
    search_fields = ["reference", "case_number", "full_name", "address", "items__serial_number"]
    search_help_text = _(
        "A reference or case number, an item's serial number, or the start of words in a name or address."
    )
    ordering = ["-created_at"]
    # No date_hierarchy: its list of years reads every report; the age filter does that job.
    list_per_page = 50
    # Counting every report a second time, for "N total", costs more than it tells staff.
    show_full_result_count = False
    # Counts beside every filter choice mean a count over all reports per filter on each load.
    show_facets = admin.ShowFacets.NEVER
    actions = ["assign_to_me", "export_csv", "export_csv_with_personal_data"]

    def has_delete_permission(self, request, obj=None):
        return False

    def lookup_allowed(self, lookup, value, request=None):
        """The admin takes any field of the report as a filter from the address (`?gender=woman`);
        filtering by an answer would tell which reports gave it, so those are refused (400)."""
        if lookup.split("__", 1)[0] in DEMOGRAPHIC_FIELDS:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_results(self, request, queryset, search_term):
        """A reference or case number exactly; otherwise a serial number (any case), or the start
        of words in the name or address ("alex res" finds Alex Resident), each through an index.

        Serial numbers are matched first and passed as report ids, not joined, so a report with two
        matching items is listed once, no DISTINCT is needed, and PostgreSQL can combine indexes."""
        term = search_term.strip()
        if not term:
            return queryset, False
        if _search_refused(request, search_term):
            return queryset.none(), False
        if REFERENCE_OR_CASE.fullmatch(term.upper()):
            # A reference read out without its random end still finds its one report: the
            # numbers before it never repeat (an index serves the prefix, as Django makes one).
            term = term.upper()
            return queryset.filter(
                Q(reference=term) | Q(reference__startswith=f"{term}-") | Q(case_number=term)
            ), False
        serials = Item.objects.filter(serial_number__iexact=term).values_list("report_id", flat=True)
        matches = Q(pk__in=list(serials[:MAX_SERIAL_MATCHES]))
        # Only letters and digits reach the text-search query, so no input can break its syntax.
        words = re.findall(r"[^\W_]+", term)
        if words:
            prefixes = " & ".join(f"{word}:*" for word in words)
            queryset = queryset.alias(words=SearchVector("full_name", "address", config="simple"))
            matches |= Q(words=SearchQuery(prefixes, search_type="raw", config="simple"))
        return queryset.filter(matches), False

    def get_search_fields(self, request):
        """None for the admin's autocomplete, which answers it with a 404: it would search reports
        by name, address and serial number with no access record, and no form picks a report from
        a list. Staff search the queue, where each search is recorded."""
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            return ()
        return super().get_search_fields(request)

    # Bulk actions

    @admin.action(description=_("Assign the selected reports to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        left = []
        for report in queryset:
            try:
                services.assign(report, actor=request.user, assignee=request.user)
            except services.InvalidTransition:
                left.append(report.reference)
        if len(left) < len(queryset):
            self.message_user(request, _("Assigned to you."), messages.SUCCESS)
        if left:
            message = _("Not assigned, because they are no longer open: %(references)s.")
            self.message_user(request, message % {"references": ", ".join(left)}, messages.WARNING)

    def _export(self, request, queryset, *, personal_data: bool):
        record = exports.record_export(
            queryset, user=request.user, personal_data=personal_data, filters=request.GET.urlencode()
        )
        response = StreamingHttpResponse(
            exports.csv_lines(queryset, personal_data=personal_data), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="reports-{record.created_at:%Y%m%d-%H%M}.csv"'
        )
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Export for analysis, without personal data (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, personal_data=False)

    @admin.action(
        description=_("Export WITH personal data (CSV, recorded)"), permissions=["export_personal_data"]
    )
    def export_csv_with_personal_data(self, request, queryset):
        return self._export(request, queryset, personal_data=True)

    def has_export_permission(self, request):
        return request.user.has_perm("reporting.export_report")

    def has_export_personal_data_permission(self, request):
        return request.user.has_perm("reporting.export_personal_data")

    # The queue

    def changelist_view(self, request, extra_context=None):
        """The queue; each page shown is recorded with its search, filters and the reports it lists."""
        response = super().changelist_view(request, extra_context)
        _record_list_page(request, response, AccessRecord.Kind.QUEUE, lambda report: report.pk)
        return response

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
            redirect, posted = _take_action(request, report)
            if redirect is not None:
                return redirect
        on_page = [
            posted
            if posted is not None and posted.name == name
            else ActionOnPage(name, action, _action_form(name, report))
            for name, action in ACTIONS.items()
            if action.allowed_for(request.user, report)
        ]
        next_steps = [shown for shown in on_page if report.status in shown.action.next_step_in]
        more = [shown for shown in on_page if report.status not in shown.action.next_step_in]
        services.record_view(report, actor=request.user)
        context = {
            **self._page_context(request, report),
            "state_in_words": STATE_IN_WORDS[report.status],
            "next_steps": next_steps,
            "more_actions": more,
            "more_open": posted is not None and posted.name in {shown.name for shown in more},
        }
        return TemplateResponse(request, "admin/reporting/report/report_page.html", context)

    def _page_context(self, request, report) -> dict:
        report = (
            Report.objects.select_related("assigned_to", "taken_by", "reason")
            .prefetch_related(
                "items",
                "attachments",
                Prefetch("messages", queryset=Message.objects.select_related("author")),
                Prefetch("visits", queryset=Visit.objects.select_related("staff")),
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
                return pin_admin.after_intake(request, report)
            return HttpResponseRedirect(reverse("admin:reporting_report_change", args=[report.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Take a report by phone or in person"),
            "form": form,
            "items": items,
        }
        return TemplateResponse(request, "admin/reporting/report/take_report.html", context)


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
        if _search_refused(request, search_term):
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        _record_list_page(request, response, AccessRecord.Kind.HISTORY_LIST, lambda entry: entry.report_id)
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

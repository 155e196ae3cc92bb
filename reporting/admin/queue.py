"""The queue of reports: what it lists and how staff filter, search, assign and export it. Every
page of it shown is recorded (`record_list_page`), as is every list of the admin that names
reports, with its search, filters and the reports it listed."""

import re
from collections.abc import Callable
from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting import exports, services
from reporting.models import AccessRecord, AddressPoint, Item

# The optional demographic answers: residents were promised they are used only as totals, so no
# staff page shows, filters, searches or sorts reports by them (see `ReportAdmin.lookup_allowed`).
DEMOGRAPHIC_FIELDS = ("age_range", "race_ethnicity", "gender")


# A reference ends in a random part since PINs were drawn by the City (reporting.models.reports).
REFERENCE_OR_CASE = re.compile(r"R-\d{4}-\d{6}(-[0-9A-Z]{5})?|C-\d{4}-\d{6}")


# A search longer than the access record keeps is refused with a message (`search_refused`); no
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


class WardFilter(admin.SimpleListFilter):
    """The wards of the City's address list; a report is in the ward of the point it matched."""

    title = _("ward")
    parameter_name = "ward"

    def lookups(self, request, model_admin):
        wards = AddressPoint.objects.order_by("ward").values_list("ward", flat=True).distinct()
        return [(str(ward), _("Ward %(ward)s") % {"ward": ward}) for ward in wards]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdecimal():
            return queryset.filter(address_point__ward=int(self.value()))
        return queryset


class NeighborhoodFilter(admin.SimpleListFilter):
    title = _("neighborhood")
    parameter_name = "neighborhood"

    def lookups(self, request, model_admin):
        names = (
            AddressPoint.objects.order_by("neighborhood").values_list("neighborhood", flat=True).distinct()
        )
        return [(name, name) for name in names]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(address_point__neighborhood=self.value())
        return queryset


class AddressMatchedFilter(admin.SimpleListFilter):
    """Reports whose address matched none of the City's list, to check by hand."""

    title = _("address in the City's list")
    parameter_name = "matched"

    def lookups(self, request, model_admin):
        return [("yes", _("Matched")), ("no", _("Not matched"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(address_point__isnull=self.value() == "no")
        return queryset


def search_refused(request, search_term: str) -> bool:
    """A search too long to record is refused, with a message saying so, and lists nothing."""
    if len(search_term) <= SEARCH_MAX_LENGTH:
        return False
    messages.error(
        request, _("A search can be at most %(limit)d characters long.") % {"limit": SEARCH_MAX_LENGTH}
    )
    return True


def record_list_page(request, response, kind: str, report_id_of: Callable) -> None:
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


class QueueAdmin(admin.ModelAdmin):
    """The list side of `ReportAdmin`: the queue, its search and its bulk actions."""

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
    list_filter = [
        "status",
        "kind",
        "channel",
        AgeFilter,
        "follow_up",
        AssignedFilter,
        AddressMatchedFilter,
        WardFilter,
        NeighborhoodFilter,
    ]
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
        if search_refused(request, search_term):
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
        record_list_page(request, response, AccessRecord.Kind.QUEUE, lambda report: report.pk)
        return response

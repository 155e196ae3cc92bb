"""When staff take reports and where they go: each report taker's weekly availability, and the
schedule of visits for a day or a week, on screen and as a run sheet to print. Report takers see
and set their own; Supervisors everyone's. Opening a schedule is recorded like any view of
residents' data."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting import services
from reporting.models import AccessRecord, Availability, Site, Visit
from reporting.staff_forms import StaffUserChoiceField, report_workers

PLAN_FOR_OTHERS = "reporting.plan_for_others"


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "staff", "kind", "valid_from", "valid_until"]
    list_filter = ["kind", "weekday", "site"]
    ordering = ["staff", "weekday", "starts"]

    def get_queryset(self, request):
        availability = super().get_queryset(request).select_related("staff", "site")
        if request.user.has_perm(PLAN_FOR_OTHERS):
            return availability
        return availability.filter(staff=request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["site"].queryset = Site.objects.listed()
        staff = form.base_fields["staff"]
        staff.queryset = (
            report_workers()
            if request.user.has_perm(PLAN_FOR_OTHERS)
            else report_workers().filter(pk=request.user.pk)
        )
        staff.initial = request.user.pk
        return form


class ScheduleForm(forms.Form):
    day = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.TypedChoiceField(
        label=_("Show"), choices=[(1, _("One day")), (7, _("A week"))], coerce=int, required=False
    )
    staff = StaffUserChoiceField(
        label=_("Staff member"), queryset=None, required=False, empty_label=_("Everyone")
    )

    def __init__(self, *args, planner: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = report_workers()
        if not planner:
            del self.fields["staff"]


def schedule_context(request) -> dict:
    """The visits of a day or a week that happen or happened, in order, with where, the report,
    the resident's language and number; a report taker's own, or for a Supervisor everyone's or
    one staff member's."""
    if not request.user.has_perm("reporting.view_visit"):
        raise PermissionDenied
    planner = request.user.has_perm(PLAN_FOR_OTHERS)
    form = ScheduleForm(request.GET or None, planner=planner)
    chosen = form.cleaned_data if form.is_valid() else {}
    first = chosen.get("day") or timezone.localdate()
    days = chosen.get("days") or 1
    # A visit moved or cancelled no longer happens: on paper it would send staff to a door twice.
    visits = Visit.objects.filter(
        date__range=(first, first + timedelta(days=days - 1)), outcome__in=Visit.HOLDS_TIME
    )
    if not planner:
        visits = visits.filter(staff=request.user)
    elif chosen.get("staff"):
        visits = visits.filter(staff=chosen["staff"])
    visits = list(
        visits.select_related("report", "staff", "site").order_by(
            "date", "window_start", "staff__username", "pk"
        )
    )
    services.record_list_view(
        actor=request.user,
        kind=AccessRecord.Kind.SCHEDULE,
        report_ids=sorted({visit.report_id for visit in visits}),
        search="",
        filters=request.GET.urlencode(),
    )
    return {
        "form": form,
        "first": first,
        "last": first + timedelta(days=days - 1),
        "visits": visits,
        "planner": planner,
        "query": request.GET.urlencode(),
    }

"""Staff give a resident a new PIN, and read the record of PINs given and of wrong tries.

A new PIN reaches the resident only by a text or a call back to the number on file, or in
person: never read out to someone who rang in. The page that shows it is never stored."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from config.admin import AppendOnlyAdmin
from reporting import pins
from reporting.models import PinIssue, Report, WrongPin, grouped_pin

Delivery = PinIssue.Delivery


class GivePinForm(forms.Form):
    delivery = forms.ChoiceField(label=_("How will the resident get it?"), widget=forms.RadioSelect)

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        ways = pins.deliveries(report)
        self.fields["delivery"].choices = [(way, Delivery(way).label) for way in ways]


def _pin_page(request, admin_site, report: Report, pin: str | None, delivery: str | None):
    """The page that tells the staff member the new PIN, or how the resident will get one."""
    context = {
        **admin_site.each_context(request),
        "opts": Report._meta,
        "title": _("PIN for report %(reference)s") % {"reference": report.reference},
        "report": report,
        "pin": grouped_pin(pin) if pin else "",
        "delivery": delivery,
    }
    response = TemplateResponse(request, "admin/reporting/pinissue/given.html", context)
    add_never_cache_headers(response)
    return response


def after_intake(request, admin_site, report: Report):
    """A report taken by phone or in person without an email address: give its PIN as the rules
    allow (in person, or by text), or say plainly that nothing was sent and how it will be."""
    ways = pins.deliveries(report)
    if report.channel == Report.Channel.IN_PERSON:
        delivery = Delivery.IN_PERSON
    elif Delivery.TEXT in ways:
        delivery = Delivery.TEXT
    else:
        return _pin_page(request, admin_site, report, None, None)
    pin = pins.give_new_pin(report, delivery, request.user)
    return _pin_page(request, admin_site, report, pin, delivery)


@admin.register(PinIssue)
class PinIssueAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "report", "delivery", "issued_by"]
    list_filter = ["delivery"]
    list_select_related = ["report", "issued_by"]
    search_fields = ["report__reference"]
    ordering = ["-created_at", "-id"]
    date_hierarchy = "created_at"

    def add_view(self, request, form_url="", extra_context=None):
        """Give the resident of the report named in the address a new PIN. It is given from the
        report's page ("Give a new PIN"), never as a blank record: the admin offers no "Add" of
        its own (AppendOnlyAdmin), and this page needs the report in its address."""
        if not request.user.has_perms(["reporting.add_pinissue", "reporting.view_report"]):
            raise PermissionDenied
        report_id = request.GET.get("report", "")
        if not report_id.isdecimal():
            raise Http404
        report = get_object_or_404(Report, pk=report_id)
        form = GivePinForm(request.POST or None, report=report)
        if request.method == "POST" and form.is_valid():
            delivery = form.cleaned_data["delivery"]
            try:
                pin = pins.give_new_pin(report, delivery, request.user)
            except pins.CannotGivePin as error:
                messages.error(request, error.message)
            else:
                return _pin_page(request, self.admin_site, report, pin, delivery)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Give the resident of %(reference)s a new PIN") % {"reference": report.reference},
            "report": report,
            "form": form,
        }
        return TemplateResponse(request, "admin/reporting/pinissue/give.html", context)


@admin.register(WrongPin)
class WrongPinAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "reference", "report", "client"]
    list_filter = []
    list_select_related = ["report"]
    search_fields = ["reference"]
    ordering = ["-created_at", "-id"]
    date_hierarchy = "created_at"

"""Staff give a resident a new PIN, and read the record of PINs given and of wrong tries.

A new PIN reaches the resident only by a text or a call back to the number on file, or in
person: never read out to someone who rang in. The page that shows it is never stored."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.admin import AppendOnlyAdmin
from reporting import pins
from reporting.models import PinIssue, Report, WrongPin, grouped_pin

Delivery = PinIssue.Delivery


class GivePinForm(forms.Form):
    delivery = forms.ChoiceField(label=_("How will the resident get it?"), widget=forms.RadioSelect)

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        ways = pins.deliveries(report)
        self.fields["delivery"].choices = [(way, Delivery(way).label) for way in ways]


# The PIN just given, kept in the staff member's session only until the page after the POST
# shows it, once: reloading that page, or going back to it, never gives another PIN or takes the
# report again.
TO_SHOW_KEY = "reporting_pin_to_show"


def _show_pin(request, report: Report, pin: str | None, delivery: str | None, *, first: bool = False):
    """Send the staff member to the page that tells them the PIN, or how the resident gets one."""
    request.session[TO_SHOW_KEY] = {"report": report.pk, "pin": pin, "delivery": delivery, "first": first}
    return HttpResponseRedirect(reverse("admin:reporting_pinissue_given", args=[report.pk]))


def after_intake(request, report: Report):
    """A report taken by phone or in person without an email address: give its PIN as the rules
    allow (in person, or by text), or say plainly that nothing was sent and how it will be."""
    ways = pins.deliveries(report)
    if report.channel == Report.Channel.IN_PERSON:
        delivery = Delivery.IN_PERSON
    elif Delivery.TEXT in ways:
        delivery = Delivery.TEXT
    else:
        return _show_pin(request, report, None, None, first=True)
    pin = pins.give_new_pin(report, delivery, request.user, first=True)
    return _show_pin(request, report, pin, delivery, first=True)


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
                return _show_pin(request, report, pin, delivery)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Give the resident of %(reference)s a new PIN") % {"reference": report.reference},
            "report": report,
            "form": form,
        }
        return TemplateResponse(request, "admin/reporting/pinissue/give.html", context)

    def get_urls(self):
        given = self.admin_site.admin_view(require_safe(self.given_view))
        return [
            path("given/<int:report_id>/", given, name="reporting_pinissue_given"),
            *super().get_urls(),
        ]

    def given_view(self, request, report_id: int):
        """The PIN just given, or how the resident will get it; shown once, and never stored."""
        if not request.user.has_perms(["reporting.add_pinissue", "reporting.view_report"]):
            raise PermissionDenied
        report = get_object_or_404(Report, pk=report_id)
        shown = request.session.pop(TO_SHOW_KEY, None)
        if shown is not None and shown["report"] != report.pk:
            shown = None
        context = {
            **self.admin_site.each_context(request),
            "opts": Report._meta,
            "title": _("PIN for report %(reference)s") % {"reference": report.reference},
            "report": report,
            "shown": shown is not None,
            **(
                {
                    "pin": grouped_pin(shown["pin"]) if shown["pin"] else "",
                    "delivery": shown["delivery"],
                    "first": shown["first"],
                }
                if shown
                else {}
            ),
        }
        response = TemplateResponse(request, "admin/reporting/pinissue/given.html", context)
        add_never_cache_headers(response)
        return response


@admin.register(WrongPin)
class WrongPinAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "reference", "report", "client"]
    list_filter = []
    list_select_related = ["report"]
    search_fields = ["reference"]
    ordering = ["-created_at", "-id"]
    date_hierarchy = "created_at"

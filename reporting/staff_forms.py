"""Staff forms on the report page and for reports taken by phone or in person.

Forms validate and normalise only; `reporting.admin` hands the cleaned data to the services."""

import copy

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from reporting import addresses, corrections, files, slots
from reporting.forms import BaseItemFormSet, ItemForm, PhoneField, SlotField, check_when_it_happened
from reporting.models import (
    Call,
    Correction,
    Evidence,
    MessageTemplate,
    Reason,
    Report,
    Site,
    Visit,
)


def report_workers():
    """Active staff who may work on reports: the people a report can be assigned to."""
    permission = Q(
        groups__permissions__codename="change_report",
        groups__permissions__content_type__app_label="reporting",
    )
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | permission, is_active=True, is_staff=True)
        .distinct()
        .order_by("username")
    )


def staff_name(user) -> str:
    return user.get_full_name() or user.get_username()


class StaffUserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return staff_name(user)


class ActionForm(forms.Form):
    """Every form on the report page is built the same way: what was posted, and the report."""

    def __init__(self, data=None, files=None, *, report: Report, prefix: str):
        super().__init__(data, files, prefix=prefix)
        self.report = report


class ConfirmForm(ActionForm):
    """An action with nothing to fill in: the button is the whole form."""


class AssignForm(ActionForm):
    assignee = StaffUserChoiceField(label=_("Assign to"), queryset=None, required=False, empty_label=_("Me"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = report_workers()


class TemplatedMessageForm(ActionForm):
    """A message to the resident: typed, or taken from an editable template in their language."""

    purpose = MessageTemplate.Purpose.GENERAL

    template = forms.ModelChoiceField(label=_("Start from a template"), queryset=None, required=False)
    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Leave empty to send the template as it is, in the resident's language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = MessageTemplate.objects.filter(active=True, purpose=self.purpose)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("body") and not cleaned.get("template"):
            raise forms.ValidationError(_("Write a message or choose a template."))
        return cleaned

    def message(self) -> str:
        if self.cleaned_data["body"]:
            return self.cleaned_data["body"]
        with translation.override(self.report.language):
            return self.cleaned_data["template"].body


class InfoRequestForm(TemplatedMessageForm):
    purpose = MessageTemplate.Purpose.INFO_REQUEST


class AnswerForm(ActionForm):
    """The resident's answer to a request for information, given to staff by phone or in person."""

    body = forms.CharField(
        label=_("The resident's answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReasonForm(ActionForm):
    action = Reason.Action.REFER

    reason = forms.ModelChoiceField(label=_("Reason"), queryset=None)
    note = forms.CharField(
        label=_("Note for the resident (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = Reason.objects.filter(active=True, action=self.action)


class DeclineForm(ReasonForm):
    action = Reason.Action.DECLINE


class CloseForm(ActionForm):
    note = forms.CharField(
        label=_("Why it is closed (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(ActionForm):
    text = forms.CharField(
        label=_("Note for staff"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class VisitForm(ActionForm):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    window_start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    window_end = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    staff = StaffUserChoiceField(label=_("Staff member"), queryset=None)
    site = forms.ModelChoiceField(
        label=_("At a City site"),
        queryset=Site.objects.none(),
        required=False,
        empty_label=_("No: at the place below"),
    )
    place = forms.CharField(
        label=_("Or at this place"),
        max_length=200,
        required=False,
        help_text=_("The resident's home or another address, when the visit is not at a City site."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = report_workers()
        # Listed as the form is made: a site's publish time is compared with the time now.
        self.fields["site"].queryset = Site.objects.listed()

    def clean(self):
        """The visit's rules as the database holds them, a staff member booked twice at one time
        among them, said here beside the form."""
        cleaned = super().clean()
        if not (self.errors or cleaned["site"] or cleaned["place"].strip()):
            self.add_error("place", _("Choose a City site or say where the visit is."))
        # A window that ends before it starts is no time range to compare: the service says so.
        if not self.errors and cleaned["window_start"] < cleaned["window_end"]:
            try:
                Visit(report=self.report, **cleaned).validate_constraints()
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return cleaned


def slot_choices(free: list[slots.Slot]) -> list:
    """Free times as a select's groups: one per place (at home first, then each site), each time
    in time order (as `slots.free_slots` gives them) with its day, hours and the staff member who
    has it."""
    sites = Site.objects.in_bulk({slot.site_id for slot in free if slot.site_id})
    names = {user.pk: user for user in report_workers().filter(pk__in={slot.staff_id for slot in free})}
    groups = {}
    for slot in free:
        place = str(sites[slot.site_id]) if slot.site_id else str(_("At the resident's home"))
        label = _("%(day)s, %(start)s to %(end)s (%(staff)s)") % {
            **slot.display(),
            "staff": staff_name(names[slot.staff_id]) if slot.staff_id in names else "",
        }
        groups.setdefault(place, []).append((slot.value, label))
    home = str(_("At the resident's home"))
    return [("", "---------"), *sorted(groups.items(), key=lambda group: (group[0] != home, group[0]))]


class SlotForm(ActionForm):
    """A free time from the staff's published availability, checked again when it is booked."""

    slot = SlotField(label=_("Free time"), widget=forms.Select)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        free = slots.free_slots()
        if not self.report.home_address:
            # A home visit needs the resident's address (services.book_slot refuses it).
            free = [slot for slot in free if slot.site_id]
        self.fields["slot"].widget.choices = slot_choices(free)


class MoveForm(SlotForm):
    visit = forms.ModelChoiceField(label=_("Visit to move"), queryset=None)

    field_order = ["visit", "slot"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = self.report.visits.filter(outcome=Visit.Outcome.BOOKED)
        self.fields["visit"].label_from_instance = _visit_label


class VisitRecordForm(ActionForm):
    """What happened at a booked visit."""

    visit = forms.ModelChoiceField(label=_("Visit"), queryset=None)
    outcome = forms.ChoiceField(
        label=_("What happened"),
        choices=[choice for choice in Visit.Outcome.choices if choice[0] != Visit.Outcome.BOOKED],
        widget=forms.RadioSelect,
    )
    report_taken = forms.BooleanField(label=_("The report was taken at the visit"), required=False)
    evidence = forms.ModelMultipleChoiceField(
        label=_("Evidence collected at the visit"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Log each item first (Log evidence); its custody log starts there."),
    )
    minutes = forms.IntegerField(
        label=_("Minutes spent, travel included"), min_value=1, max_value=1440, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = self.report.visits.filter(outcome=Visit.Outcome.BOOKED)
        self.fields["visit"].label_from_instance = _visit_label
        self.fields["evidence"].queryset = self.report.evidence.all()

    def clean(self):
        cleaned = super().clean()
        held = cleaned.get("outcome") == Visit.Outcome.HELD
        for name in ("report_taken", "evidence"):
            if cleaned.get(name) and not held:
                self.add_error(name, _("Only at a visit that was held."))
        return cleaned


def _visit_label(visit: Visit) -> str:
    return f"{visit.starts()} to {visit.window_end:%H:%M}, {visit.where}"


class CallForm(ActionForm):
    """A follow-up call made to the resident."""

    result = forms.ChoiceField(label=_("Result"), choices=Call.Result.choices, widget=forms.RadioSelect)
    report_taken = forms.BooleanField(label=_("The report was taken on the call"), required=False)
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was said or agreed."),
    )
    minutes = forms.IntegerField(label=_("Minutes spent"), min_value=1, max_value=1440, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("report_taken") and cleaned.get("result") != Call.Result.ANSWERED:
            self.add_error("report_taken", _("Only on a call that was answered."))
        return cleaned


class EvidenceForm(ActionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Evidence.Kind.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    file = forms.FileField(label=_("File (digital evidence)"), required=False, help_text=files.limits_text)
    tag_number = forms.CharField(label=_("Tag number (physical item)"), max_length=50, required=False)
    storage_location = forms.CharField(label=_("Stored at (physical item)"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        try:
            return files.check_upload(upload)
        except files.FileRejected as rejected:
            raise forms.ValidationError(rejected.message) from None

    def clean_tag_number(self):
        tag_number = self.cleaned_data["tag_number"].strip()
        if tag_number and Evidence.objects.filter(tag_number=tag_number).exists():
            raise forms.ValidationError(_("Another item already has this tag number."))
        return tag_number

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") == Evidence.Kind.DIGITAL
            and not cleaned.get("file")
            and "file" not in self.errors
        ):
            self.add_error("file", _("Digital evidence needs its file."))
        if cleaned.get("kind") == Evidence.Kind.PHYSICAL:
            for name in ("tag_number", "storage_location"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("A physical item needs a tag number and a storage place."))
        return cleaned


class CustodyForm(ActionForm):
    evidence = forms.ModelChoiceField(label=_("Evidence"), queryset=None)
    from_holder = forms.CharField(label=_("Handed over by"), max_length=150)
    to_holder = forms.CharField(label=_("Received by"), max_length=150)
    transferred_at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    storage_location = forms.CharField(
        label=_("Stored at afterwards (optional)"), max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = self.report.evidence.filter(kind=Evidence.Kind.PHYSICAL)

    def clean_transferred_at(self):
        transferred_at = self.cleaned_data["transferred_at"]
        if transferred_at > timezone.now():
            raise forms.ValidationError(_("This cannot be in the future."))
        return transferred_at

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from_holder") and cleaned.get("from_holder") == cleaned.get("to_holder"):
            self.add_error("to_holder", _("Evidence changes hands between two different people."))
        evidence, transferred_at = cleaned.get("evidence"), cleaned.get("transferred_at")
        if evidence and transferred_at and transferred_at < evidence.first_transfer_at:
            self.add_error("transferred_at", evidence.collected_later_message())
        return cleaned


class CorrectionForm(ActionForm):
    """The place, the dates and each item as the report has them now, to be corrected in place,
    with the reason; the values left as they were are not corrections."""

    address = forms.CharField(label=_("Where"), max_length=200)
    place_type = forms.ChoiceField(label=_("Type of place"), choices=Report.PlaceType.choices)
    occurred_from = forms.DateField(
        label=_("Happened on or after"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    occurred_to = forms.DateField(
        label=_("Happened on or before (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Why (the resident is told)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the resident wrote on 3 May where it really happened."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.report
        self.initial = {name: getattr(report, name) for name in Correction.REPORT_FIELDS}
        # The item's fields as the resident's form draws them, one set per item, after the dates.
        reason = self.fields.pop("reason")
        for item in report.items.all():
            for name in corrections.ITEM_FIELDS:
                field = copy.deepcopy(ItemForm.base_fields[name])
                field.help_text = ""
                field.label = _("Item “%(item)s”: %(detail)s") % {
                    "item": item.description,
                    "detail": str(Correction.Field(name).label).lower(),
                }
                self.fields[f"item_{item.pk}_{name}"] = field
                self.initial[f"item_{item.pk}_{name}"] = getattr(item, name)
        self.fields["reason"] = reason

    def clean(self):
        cleaned = super().clean()
        check_when_it_happened(self, cleaned)
        if not self.errors and not (set(self.changed_data) - {"reason"}):
            raise forms.ValidationError(corrections.NOTHING_CHANGED)
        return cleaned

    def changes(self) -> tuple[dict, dict[int, dict]]:
        """What was changed, for `services.correct_report`: the report's, and each item's."""
        report_changes, item_changes = {}, {}
        for name in self.changed_data:
            value = self.cleaned_data[name]
            if name in Correction.REPORT_FIELDS:
                report_changes[name] = value
            elif name.startswith("item_"):
                _prefix, item_id, field = name.split("_", 2)
                item_changes.setdefault(int(item_id), {})[field] = value
        return report_changes, item_changes


# The choice that leaves a report's address unmatched.
UNMATCHED = "none"


class AddressMatchForm(ActionForm):
    """The City's addresses closest to the one the resident typed (and the one matched now), or
    another typed as the list writes it, or none."""

    address_point = forms.ChoiceField(label=_("Address in the City's list"), widget=forms.RadioSelect)
    other = forms.CharField(
        label=_("Or another address of the City's list"),
        help_text=_(
            "Typed as the list has it, such as 350 S 5th St; it is used instead of the choice above."
        ),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.report
        points = addresses.geocoder().match(report.address).closest
        if report.address_point and report.address_point not in points:
            points.insert(0, report.address_point)
        self.points = {str(point.pk): point for point in points}
        field = self.fields["address_point"]
        field.choices = [
            *((pk, f"{point.label}, {_('ward')} {point.ward}") for pk, point in self.points.items()),
            (UNMATCHED, _("Not in the City's list")),
        ]
        field.initial = str(report.address_point_id) if report.address_point_id else UNMATCHED
        field.required = False

    def clean(self):
        cleaned = super().clean()
        other = cleaned.get("other", "")
        if other:
            point = addresses.geocoder().match(other).exact
            if point is None:
                self.add_error("other", _("This address is not in the City's list as typed."))
            cleaned["point"] = point
        else:
            cleaned["point"] = self.points.get(cleaned.get("address_point") or "")
        return cleaned


class StaffReportForm(forms.ModelForm):
    """A report a staff member takes by phone or in person, saved through the same service as online."""

    channel = forms.ChoiceField(
        label=_("Taken"),
        choices=[(value, label) for value, label in Report.Channel.choices if value != Report.Channel.ONLINE],
    )
    false_report_acknowledged = forms.BooleanField(
        label=_("The resident was told that a false report is a crime and confirmed it is true.")
    )
    phone = PhoneField(label=_("Phone number"), required=False)
    handoff_consent = forms.BooleanField(
        label=_(
            "The resident agrees that, if the report belongs to another agency, the City may pass it on."
        ),
        help_text=_("Ask them. Unticked, they are only told whom to contact."),
        required=False,
    )

    class Meta:
        model = Report
        fields = [
            "channel",
            "kind",
            "occurred_from",
            "occurred_to",
            "address",
            "place_type",
            "narrative",
            "full_name",
            "email",
            "phone",
            "home_address",
            "language",
            "follow_up",
            "handoff_consent",
            "false_report_acknowledged",
        ]
        widgets = {
            "occurred_from": forms.DateInput(attrs={"type": "date"}),
            "occurred_to": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        cleaned = super().clean()
        check_when_it_happened(self, cleaned)
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            self.add_error("phone", _("Give an email address or a phone number."))
        return cleaned

    def report_fields(self) -> dict:
        """The cleaned values for `services.submit_report`, without the channel it takes apart."""
        return {name: value for name, value in self.cleaned_data.items() if name != "channel"}


# Three empty rows, since the page works without JavaScript; rows left empty are ignored. A posted
# row count above the limit builds no more than the limit of forms.
StaffItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=3, max_num=30, absolute_max=30, validate_max=True
)

"""The resident's forms: screening, the report's steps, the status look-up and later additions.

Forms validate and normalise only; saving is done by `reporting.services`."""

import re
from itertools import islice

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from reporting import addresses, files
from reporting.models import PIN_PATTERN, Item, Report, ScreeningExit, WorkflowSettings
from reporting.slots import HOME, Slot

WIDGET_CLASSES = {
    forms.RadioSelect: "usa-radio__input",
    forms.CheckboxInput: "usa-checkbox__input",
    forms.Select: "usa-select",
    forms.Textarea: "usa-textarea",
    forms.ClearableFileInput: "usa-file-input",
}


class ResidentForm(forms.Form):
    """USWDS classes on every widget, our own translated "required" message, and the server's
    checks rather than the browser's (whose messages ignore the page's language)."""

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css_class = next(
                (name for widget, name in WIDGET_CLASSES.items() if isinstance(field.widget, widget)),
                "usa-input",
            )
            field.widget.attrs.setdefault("class", css_class)
            field.error_messages["required"] = _("Please answer this question.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def yes_no(label):
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect)


def check_when_it_happened(form: forms.Form, cleaned: dict) -> None:
    """The rules of "when it happened" that every form asking it shares, the resident's and
    staff's: neither day in the future, and the last not before the first."""
    start, end = cleaned.get("occurred_from"), cleaned.get("occurred_to")
    today = timezone.localdate()
    if start and start > today:
        form.add_error("occurred_from", _("The date cannot be in the future."))
    if end and end > today:
        form.add_error("occurred_to", _("The date cannot be in the future."))
    elif start and end and end < start:
        form.add_error("occurred_to", _("This must be on or after the first day."))


class ScreeningForm(ResidentForm):
    """Questions that send the resident to the right place before they fill in anything."""

    # Each question, and where a "yes" (or, for Minneapolis, a "no") sends the resident.
    danger = yes_no(_("Is anyone in danger right now, or is it still happening?"))
    injury = yes_no(_("Was anyone hurt?"))
    weapon = yes_no(_("Was a weapon used, shown or stolen?"))
    suspect = yes_no(_("Do you know who did it: a name, where they are now, or a license plate number?"))
    in_minneapolis = yes_no(_("Did it happen in the city of Minneapolis?"))
    vehicle = yes_no(_("Was a car, truck, motorcycle or other motor vehicle stolen?"))
    parking = yes_no(_("Is this about a parked vehicle or a parking problem?"))
    city_property = yes_no(
        _("Was the damage only to City property, such as a streetlight, sign or graffiti on a public space?")
    )

    EXITS = [
        ("danger", "yes", ScreeningExit.Exit.DANGER),
        ("injury", "yes", ScreeningExit.Exit.INJURY),
        ("weapon", "yes", ScreeningExit.Exit.WEAPON),
        ("suspect", "yes", ScreeningExit.Exit.SUSPECT),
        ("in_minneapolis", "no", ScreeningExit.Exit.OUTSIDE),
        ("vehicle", "yes", ScreeningExit.Exit.VEHICLE),
        ("parking", "yes", ScreeningExit.Exit.PARKING),
        ("city_property", "yes", ScreeningExit.Exit.CITY_PROPERTY),
    ]

    def exit(self) -> str | None:
        """Where the answers send the resident instead of the online report, if anywhere."""
        for field, answer, exit in self.EXITS:
            if self.cleaned_data[field] == answer:
                return exit
        return None


# The longest address kept, and how many characters of one the address field waits for before it
# suggests addresses of the City's list.
ADDRESS_MAX_LENGTH = 200
SUGGEST_AFTER = 3


class AddressInput(forms.TextInput):
    """The field "Where did it happen?": a text input that, where JavaScript runs, suggests the
    City's addresses as the resident types (reporting/static/reporting/address_combobox.js). Its
    template gives the script the address to ask and its words, translated."""

    template_name = "reporting/widgets/address_input.html"

    class Media:
        js = ["reporting/address_combobox.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["suggest_after"] = SUGGEST_AFTER
        context["words"] = {
            "list": _("Addresses from the City's list"),
            # The script puts the number of addresses in place of {count}.
            "found": _(
                "Addresses from the City's list: %(count)s. Use the up and down arrow keys to choose "
                "one, and Enter to use it."
            )
            % {"count": "{count}"},
            "none": _("No address from the City's list matches what you typed."),
        }
        return context


class WhatHappenedForm(ResidentForm):
    kind = forms.ChoiceField(label=_("What happened?"), choices=Report.Kind.choices, widget=forms.RadioSelect)
    occurred_from = forms.DateField(
        label=_("When did it happen?"),
        help_text=_("If you are not sure of the day, give the first day it could have happened."),
        widget=DateInput(),
    )
    occurred_to = forms.DateField(
        label=_("Last day it could have happened (optional)"),
        help_text=_("Only if you do not know the exact day."),
        required=False,
        widget=DateInput(),
    )
    address = forms.CharField(
        label=_("Where did it happen?"),
        help_text=_("A street address, or the nearest corner, in Minneapolis."),
        max_length=ADDRESS_MAX_LENGTH,
        widget=AddressInput(),
    )
    place_type = forms.ChoiceField(
        label=_("What kind of place is it?"),
        choices=[("", _("Choose one")), *Report.PlaceType.choices],
    )
    narrative = forms.CharField(
        label=_("Tell us what happened, in your own words"),
        help_text=_("What you saw or found, and anything that could help, like a camera nearby."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean(self):
        cleaned = super().clean()
        check_when_it_happened(self, cleaned)
        return cleaned


# The choice of the address step that keeps the address as the resident typed it.
AS_TYPED = "typed"


class AddressCheckForm(ResidentForm):
    """The City's addresses closest to the one typed, to choose from, or the address as typed;
    and, for a place the list does not have, the nearest corner or a landmark."""

    address_point = forms.ChoiceField(
        label=_("Which address is it?"),
        choices=[(AS_TYPED, _("Use the address as I typed it"))],
        widget=forms.RadioSelect,
    )
    place_note = forms.CharField(
        label=_("Nearest corner or landmark (optional)"),
        help_text=_("For example: Lake St and Chicago Ave, or the name of a park or store."),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, matches: addresses.Matches, **kwargs):
        super().__init__(*args, **kwargs)
        self.points = {str(point.pk): point for point in matches.closest}
        field = self.fields["address_point"]
        field.choices = [
            *((pk, point.label) for pk, point in self.points.items()),
            (AS_TYPED, _("Use the address as I typed it: %(typed)s") % {"typed": matches.typed}),
        ]
        if self.points:
            field.help_text = _(
                "You wrote “%(typed)s”. Choose it from the City's list of addresses, or keep it as you "
                "wrote it."
            ) % {"typed": matches.typed}
        else:
            field.label = _("We could not find this address in the City's list")
            field.help_text = _(
                "You wrote “%(typed)s”. Keep it as you wrote it, and tell us the nearest corner or a "
                "landmark below; or go back and change it."
            ) % {"typed": matches.typed}

    def clean_address_point(self):
        """The point chosen, or None for the address as typed."""
        return self.points.get(self.cleaned_data["address_point"])


class ItemForm(ResidentForm):
    kind = forms.ChoiceField(label=_("Kind of item"), choices=[("", _("Choose one")), *Item.Kind.choices])
    description = forms.CharField(
        label=_("Description"), help_text=_("For example: blue mountain bike."), max_length=300
    )
    brand = forms.CharField(label=_("Brand (optional)"), max_length=100, required=False)
    model = forms.CharField(label=_("Model (optional)"), max_length=100, required=False)
    serial_number = forms.CharField(label=_("Serial number (optional)"), max_length=100, required=False)
    quantity = forms.IntegerField(label=_("How many"), min_value=1, max_value=10_000, initial=1)
    value = forms.DecimalField(
        label=_("Value of one, in dollars (optional)"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].widget.attrs["class"] = "usa-input usa-input--small"
        self.fields["value"].widget.attrs["class"] = "usa-input usa-input--small"

    def has_changed(self):
        # A row is blank, and left out without a word, until something is typed in it: a row
        # whose "How many" was only emptied has nothing to check.
        return any(self[name].data for name in self.changed_data)


class BaseItemFormSet(forms.BaseFormSet):
    require_one = False

    def clean(self):
        if any(self.errors):
            return
        if self.require_one and not self.items():
            raise forms.ValidationError(_("Add at least one item that was stolen."))

    def items(self) -> list[dict]:
        """The filled-in rows, ready for the Item model."""
        return [form.cleaned_data for form in self.forms if form.has_changed() and form.cleaned_data]


ItemFormSet = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=0, max_num=30, validate_max=True)
# Added to a report later, an item is optional: the row offered is left out, without a word, unless
# something is typed in it.
OptionalItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=1, max_num=30, validate_max=True
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files from one input, each checked by `reporting.files`."""

    def __init__(self, **kwargs):
        super().__init__(widget=MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.heic,.pdf"}), **kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data or []) if upload]
        if not uploads and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return uploads


class FilesForm(ResidentForm):
    files = FilesField(label=_("Add photos or documents"), required=False)

    def __init__(self, *args, kept_count=0, kept_size=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_count, self.kept_size = kept_count, kept_size
        self.fields["files"].help_text = files.limits_text()

    def clean_files(self):
        try:
            return files.check_uploads(
                self.cleaned_data["files"], already_count=self.kept_count, already_size=self.kept_size
            )
        except files.FileRejected as rejected:
            raise forms.ValidationError(rejected.message) from None


def normalise_phone(value: str) -> str:
    """A phone number as +1 and ten digits for the US and Canada, or + and the digits of an
    international number; ValidationError for anything that cannot be dialled."""
    typed = value.strip()
    if not PHONE_CHARACTERS.fullmatch(typed):
        raise forms.ValidationError(PHONE_ERROR)
    digits = re.sub(r"\D", "", typed)
    if typed.startswith("+") and not digits.startswith("1"):
        if not 8 <= len(digits) <= 15:
            raise forms.ValidationError(PHONE_ERROR)
        return f"+{digits}"
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    # North American numbers: neither the area code nor the exchange starts with 0 or 1.
    if len(digits) != 10 or digits[0] in "01" or digits[3] in "01":
        raise forms.ValidationError(PHONE_ERROR)
    return f"+1{digits}"


PHONE_CHARACTERS = re.compile(r"\+?[\d\s().-]{7,25}")
PHONE_ERROR = _("Enter a phone number like 612-555-0123, or an international number starting with +.")


class PhoneField(forms.CharField):
    """A phone number, stored as +1 and ten digits or + and an international number."""

    def __init__(self, **kwargs):
        super().__init__(max_length=30, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalise_phone(value) if value else value


class AboutYouForm(ResidentForm):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send your reference number and a private link to your report here."),
        required=False,
    )
    phone = PhoneField(
        label=_("Phone number"),
        help_text=_(
            "No email address? Give a phone number instead: we call you, and your receipt gives "
            "you a PIN to follow your report online."
        ),
        required=False,
    )
    home_address = forms.CharField(label=_("Your address (optional)"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Which language should we use with you?"),
        choices=Report._meta.get_field("language").choices,
        widget=forms.RadioSelect,
    )
    follow_up = forms.ChoiceField(
        label=_("How would you like the City to follow up?"),
        choices=Report.FollowUp.choices,
        widget=forms.RadioSelect,
    )
    handoff_consent = forms.BooleanField(
        label=Report.HANDOFF_CONSENT_STATEMENT,
        help_text=_(
            "Optional. We would send them your report, with your name and how to reach you. If you "
            "leave this unticked, we tell you whom to contact instead."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        # The widget's own input type: an attribute would draw a second `type`, invalid HTML.
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        # "street-address" is for a multi-line textarea only; the address is one line.
        self.fields["home_address"].widget.attrs["autocomplete"] = "address-line1"

    def clean(self):
        cleaned = super().clean()
        # A typed address or number that is wrong already has its own message.
        typo = self.has_error("email") or self.has_error("phone")
        if not (cleaned.get("email") or cleaned.get("phone") or typo):
            self.add_error("email", _("Give an email address or a phone number, so we can reach you."))
        if cleaned.get("follow_up") == Report.FollowUp.PHONE and not (cleaned.get("phone") or typo):
            self.add_error("phone", _("Give a phone number so we can call you."))
        if cleaned.get("follow_up") == Report.FollowUp.VISIT and not (
            cleaned.get("phone") or cleaned.get("home_address")
        ):
            self.add_error(
                "home_address", _("Give your address or phone number so we can arrange the visit.")
            )
        return cleaned


class SlotField(forms.CharField):
    """A free time as a form offers it (`Slot.value`), cleaned to the Slot it names, or None when
    none is chosen; whether it is still free is for the booking to say. Drawn as choices, it has
    no length of its own: a value that is no slot's is refused whatever its length."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return Slot.from_value(value, WorkflowSettings.current().visit_minutes)
        except (ValueError, OverflowError):
            raise forms.ValidationError(_("Choose one of the free times.")) from None


def time_choices(free: list[Slot], nearest: list[Slot] = ()) -> list:
    """Free times as groups of radios: the nearest to a time just taken first, then each day's."""
    first = [slot for slot in nearest if slot in free]
    groups = {}
    if first:
        groups[str(_("The nearest free times"))] = [
            (slot.value, _("%(day)s, %(start)s to %(end)s") % slot.display()) for slot in first
        ]
    for slot in free:
        if slot not in first:
            legend = _("%(weekday)s, %(day)s") % {
                "weekday": formats.date_format(slot.day, "l"),
                "day": slot.display()["day"],
            }
            groups.setdefault(legend, []).append((slot.value, _("%(start)s to %(end)s") % slot.display()))
    return list(groups.items())


class TimesForm(ResidentForm):
    """A free time at one place (`Slot.place`) to choose from, each day's times a group of their
    own (`time_choices`)."""

    slot = SlotField(label=_("Choose a time"), widget=forms.RadioSelect)

    def __init__(self, *args, free: list[Slot], place: str, nearest: list[Slot] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        here = [slot for slot in free if slot.place == place]
        self.fields["slot"].widget.choices = time_choices(here, nearest)
        self.fields["slot"].error_messages["required"] = _("Choose a time.")

    def clean_slot(self) -> Slot | None:
        slot = self.cleaned_data["slot"]
        if slot and slot.place != self.place:
            # A time at another place: one not offered, or, where a place is optional, one of the
            # place shown before the resident chose another, so no time yet.
            if self.fields["slot"].required:
                raise forms.ValidationError(_("Choose one of the free times."))
            return None
        return slot

    def days(self) -> list[tuple[str, list]]:
        """The time radios by group, each with its legend, for a fieldset each."""
        radios = iter(self["slot"])
        groups = self.fields["slot"].widget.choices
        return [(legend, list(islice(radios, len(times)))) for legend, times in groups]


# The visit step's answer when the resident would rather be called to arrange a time.
CALL = "call"


def place_choices(free: list[Slot], sites) -> list[tuple[str, str]]:
    """Where a visit can be booked: each City site with a free time, then home if it has one,
    and always a call to arrange it."""
    offered = {slot.place for slot in free}
    choices = [(str(site.pk), site.one_line()) for site in sites if str(site.pk) in offered]
    if HOME in offered:
        choices.append((HOME, _("At your home")))
    return [*choices, (CALL, _("Call me to arrange it"))]


class VisitForm(TimesForm):
    """Where the resident meets City staff, and when: a free time at the place they chose, or a
    call to arrange it."""

    place = forms.ChoiceField(label=_("Where would you like to meet?"), widget=forms.RadioSelect)

    field_order = ["place", "slot"]

    def __init__(self, *args, free: list[Slot], sites, home_address: str, **kwargs):
        # `place` names the place whose times are offered: the one posted, or chosen before.
        super().__init__(*args, free=free, **kwargs)
        self.fields["place"].choices = place_choices(free, sites)
        if len(self.fields["place"].choices) == 1:
            # No free time anywhere: a call to arrange one is the answer, chosen already.
            self.fields["place"].initial = CALL
        # Times are chosen once a place is: the step asks for one when it is still missing.
        self.fields["slot"].required = False
        self.home_address = home_address

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("place") == HOME and not self.home_address:
            message = _("To meet at your home, we need your address. Add it on the About you step.")
            self.add_error("place", forms.ValidationError(message, code="address"))
        return cleaned

    def needs_address(self) -> bool:
        return self.has_error("place", code="address")

    def offers_times(self) -> bool:
        """Whether to show the times: a place with free times is chosen, and may be."""
        return bool(self.fields["slot"].widget.choices) and not self.has_error("place")


def optional_choice(label, choices):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, required=False)


class QuestionsForm(ResidentForm):
    age_range = optional_choice(_("Your age"), Report.AgeRange.choices)
    race_ethnicity = optional_choice(_("Your race or ethnicity"), Report.RaceEthnicity.choices)
    gender = optional_choice(_("Your gender"), Report.Gender.choices)


class ReviewForm(ResidentForm):
    acknowledge = forms.BooleanField(label=Report.FALSE_REPORT_STATEMENT)
    # A field people never see: a filled-in value means a bot.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acknowledge"].error_messages["required"] = _(
            "Tick the box to confirm before you submit."
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


# A reference number as a resident may type it, without its dashes or with spaces for them.
TYPED_REFERENCE = re.compile(r"([RC])(\d{4})(\d{6})([0-9A-Z]{5})?")
# What people put between groups of characters: spaces and any dash a phone's keyboard gives.
SEPARATORS = r"\s\-\u2010-\u2015"


class LookupForm(ResidentForm):
    reference = forms.CharField(
        label=_("Reference number"), help_text=_("It looks like R-2026-000123-K7MX4."), max_length=30
    )
    email = forms.EmailField(label=_("The email address you gave"))

    def clean_reference(self):
        """The reference as it is stored, whether typed with dashes, spaces or neither."""
        typed = re.sub(rf"[{SEPARATORS}]", "", self.cleaned_data["reference"]).upper()
        if match := TYPED_REFERENCE.fullmatch(typed):
            return "-".join(part for part in match.groups() if part)
        return self.cleaned_data["reference"].strip().upper()


class PinLookupForm(LookupForm):
    """The look-up for a resident who gave no email address: the reference and the receipt's PIN."""

    email = None
    # Like a password, a PIN is not written back into the page after a wrong one; unlike one, it
    # is shown as typed, so 10 digits can be checked against the receipt (a text input that
    # drops its value, as PasswordInput does).
    pin = forms.CharField(
        label=_("PIN"),
        help_text=_("The 10 digits on your receipt or in our text message. Spaces and dashes do not matter."),
        max_length=30,
        widget=forms.PasswordInput(render_value=False),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="pin", **kwargs)
        widget = self.fields["pin"].widget
        widget.input_type = "text"
        widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"})

    def clean_pin(self):
        # The separators people group digits with, and dots.
        pin = re.sub(rf"[{SEPARATORS}.]", "", self.cleaned_data["pin"])
        if not PIN_PATTERN.fullmatch(pin):
            raise forms.ValidationError(_("A PIN is the 10 digits on your receipt."))
        return pin


class AnswerForm(ResidentForm):
    body = forms.CharField(label=_("Your answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))


class SupplementForm(ResidentForm):
    note = forms.CharField(
        label=_("Anything to add (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class WithdrawForm(ResidentForm):
    reason = forms.CharField(
        label=_("Why are you withdrawing it? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

"""A resident's unfinished report, kept in their session across steps, back navigation and
errors. What they typed is stored as typed, so a step shows it again exactly, errors and all;
only the step's own fields are kept, each cut to the longest value its form accepts.

A draft lasts a day after its last saved step: every save sets the session to expire then and
marks its uploads active, and `manage.py clean_pending_uploads` deletes expired sessions and
uploads idle that long."""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from django import forms as django_forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting import addresses, forms
from reporting.models import PendingUpload, Report, Site, Visit, WorkflowSettings, new_pin
from reporting.slots import HOME, Slot

SESSION_KEY = "reporting_draft"
# What a resident sent from a step after their draft had expired, for the draft they start next.
RECOVERED_KEY = "reporting_recovered"
IDLE_LIFETIME = timedelta(hours=24)
# The longest value kept for a field without a max_length of its own: text areas, and the
# choices, dates and numbers that are far shorter when genuine.
TEXT_CAP = 5000
SHORT_CAP = 100


@dataclass(frozen=True)
class Step:
    """A step of the form: its address and its title. Its kind says how what the resident gives
    there is kept, and whether the review sends them back to it."""

    slug: str
    title: str

    def applies(self, draft: "Draft") -> bool:
        """Whether the resident's answers so far bring them to this step."""
        return True


@dataclass(frozen=True)
class FormStep(Step):
    """One form, kept in the draft as typed; its answers become fields of the report."""

    form_class: type[django_forms.Form]
    # A paragraph above the form, when the step needs saying more than its title.
    intro: str = ""
    template: ClassVar[str] = "reporting/step.html"

    def is_complete(self, draft: "Draft") -> bool:
        form = draft.form(self)
        return form.is_bound and form.is_valid()

    def make_form(self, draft: "Draft", data=None, initial=None) -> django_forms.Form:
        return self.form_class(data, initial=initial)


@dataclass(frozen=True)
class AddressStep(FormStep):
    """The address typed on the first step, checked against the City's list: the closest matches
    to choose from, or the address kept as typed, with a corner or a landmark. Skipped when what
    was typed names an address of the list exactly; what was typed is kept either way."""

    def applies(self, draft: "Draft") -> bool:
        return draft.address_matches().exact is None

    def make_form(self, draft: "Draft", data=None, initial=None) -> django_forms.Form:
        return self.form_class(data, initial=initial, matches=draft.address_matches())


@dataclass(frozen=True)
class ItemsStep(Step):
    """The things taken or damaged, rows the resident adds and removes; kept in the draft."""

    template: ClassVar[str] = "reporting/items.html"

    def is_complete(self, draft: "Draft") -> bool:
        formset = draft.item_formset()
        return formset.is_bound and formset.is_valid()


@dataclass(frozen=True)
class FilesStep(Step):
    """Photos and documents, kept as pending uploads checked as they arrive, not in the draft.
    The step is optional, so the review never sends the resident back to it."""

    template: ClassVar[str] = "reporting/files.html"

    def is_complete(self, draft: "Draft") -> bool:
        return True


@dataclass(frozen=True)
class VisitStep(Step):
    """The in-person visit, only for a resident who chose one: a free time at a City site or at
    home, held for them while they finish (`services.hold_slot`), or a call to arrange it. Kept in
    the draft (`Draft.visit`)."""

    template: ClassVar[str] = "reporting/visit.html"

    def applies(self, draft: "Draft") -> bool:
        return draft.wants_visit()

    def is_complete(self, draft: "Draft") -> bool:
        place = draft.visit.get("place")
        if place == forms.CALL:
            return True
        return bool(draft.visit.get("slot")) and (place != HOME or bool(draft.home_address()))


# The steps of the form, in order. The review page follows the last one.
STEPS = [
    FormStep("what", _("What happened"), forms.WhatHappenedForm),
    AddressStep("address", _("Check the address"), forms.AddressCheckForm),
    ItemsStep("items", _("Items")),
    FilesStep("files", _("Photos and documents")),
    FormStep("about", _("About you"), forms.AboutYouForm),
    VisitStep("visit", _("Your visit")),
    FormStep(
        "questions",
        _("Optional questions"),
        forms.QuestionsForm,
        intro=_(
            "These questions are optional. Your answers help the City check that this service works "
            "fairly for everyone. They are counted without names, and never decide what happens to "
            "your report."
        ),
    ),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


class Draft:
    def __init__(self, session):
        self.session = session
        self.data = session.get(SESSION_KEY)
        # Forms bound to saved steps, built once per request: the review validates each step
        # several times.
        self._bound = {}
        self._matches = None

    @classmethod
    def start(cls, session) -> "Draft":
        """Begin a draft after screening, keeping one already under way, and what was sent from a
        step after an earlier draft expired."""
        if SESSION_KEY not in session:
            # The PIN a resident without an email is given is drawn now: a submission sent again
            # after an outage shows the PIN the report was saved with. It leaves the session with
            # the draft once the report is made.
            session[SESSION_KEY] = {
                "id": secrets.token_hex(16),
                "steps": session.pop(RECOVERED_KEY, {}),
                "pin": new_pin(),
            }
        draft = cls(session)
        draft._touch()
        return draft

    @staticmethod
    def recover(session, step: str, raw: dict) -> None:
        """Keep what was sent from a step when there was no draft any more (it expired), so the
        next draft begins with it."""
        session[RECOVERED_KEY] = {**session.get(RECOVERED_KEY, {}), step: raw}

    @property
    def exists(self) -> bool:
        return self.data is not None

    @property
    def id(self) -> str:
        return self.data["id"]

    def get(self, step: str) -> dict | None:
        return self.data["steps"].get(step)

    def put(self, step: str, raw: dict) -> None:
        if step == "what" and raw.get("address") != (self.get("what") or {}).get("address"):
            # Another address typed: the match chosen for the one before no longer holds.
            self.data["steps"].pop("address", None)
        self.data["steps"][step] = raw
        self._touch()
        self._bound.clear()

    def _touch(self) -> None:
        """The resident is still at work: keep the draft and its uploads another day. A browser
        already let into a report keeps a session that ends when it closes (reporting.views)."""
        self.session.modified = True
        if not self.session.get_expire_at_browser_close():
            self.session.set_expiry(int(IDLE_LIFETIME.total_seconds()))
        self.uploads().update(active_at=timezone.now())

    @property
    def reviewed(self) -> bool:
        return self.data.get("reviewed", False)

    def mark_reviewed(self) -> None:
        if not self.reviewed:
            self.data["reviewed"] = True
            self.session.modified = True

    def uploads(self):
        return PendingUpload.objects.filter(draft=self.id)

    # The item row removed last, so that "Put it back" can undo the removal.

    @property
    def removed_item(self) -> dict | None:
        return self.data.get("removed_item")

    def keep_removed_item(self, index: int, row: dict) -> None:
        self.data["removed_item"] = {"index": index, "row": row}
        self.session.modified = True

    def forget_removed_item(self) -> dict | None:
        self.session.modified = True
        return self.data.pop("removed_item", None)

    def clear(self) -> None:
        del self.session[SESSION_KEY]

    # Forms rebuilt from what was typed

    def form(self, step: FormStep, initial: dict | None = None):
        """The step's form, bound to what was typed, or blank when the step was never saved."""
        raw = self.get(step.slug)
        if raw is None:
            return step.make_form(self, initial=initial)
        if step.slug not in self._bound:
            self._bound[step.slug] = step.make_form(self, raw)
        return self._bound[step.slug]

    def address_matches(self) -> addresses.Matches:
        """The City's addresses closest to the one typed on the first step, read once a request."""
        typed = (self.get("what") or {}).get("address", "")
        if self._matches is None or self._matches.typed != typed:
            self._matches = addresses.geocoder().match(typed)
        return self._matches

    def item_formset(self, *, more: bool = False):
        """The item rows as typed; with `more`, and a blank row after them to fill in."""
        if "items" in self._bound and not more:
            return self._bound["items"]
        raw = self.get("items")
        what = self.form(STEPS_BY_SLUG["what"])
        require_one = what.is_bound and what.is_valid() and what.cleaned_data["kind"] != Report.Kind.DAMAGE
        if raw is None:
            formset = forms.ItemFormSet(prefix="items", initial=[{}])
        else:
            formset = forms.ItemFormSet(_with_blank_item(raw) if more else raw, prefix="items")
        formset.require_one = require_one
        if raw is not None and not more:
            self._bound["items"] = formset
        return formset

    def steps(self) -> list[Step]:
        """The steps this resident's answers bring them to, in order."""
        return [step for step in STEPS if step.applies(self)]

    def first_incomplete_step(self) -> Step | None:
        return next((step for step in self.steps() if not step.is_complete(self)), None)

    # The visit step: the place chosen ("call", HOME or a City site's id), the free time held
    # there, and after a time was taken from the resident, the nearest free ones (as slot values).

    def wants_visit(self) -> bool:
        return (self.get("about") or {}).get("follow_up") == Report.FollowUp.VISIT

    def home_address(self) -> str:
        return (self.get("about") or {}).get("home_address", "").strip()

    @property
    def visit(self) -> dict:
        return self.get("visit") or {}

    def choose_visit(self, place: str, slot: Slot | None = None, nearest: list[Slot] = ()) -> None:
        nearest = [other.value for other in nearest]
        self.put("visit", {"place": place, "slot": slot.value if slot else "", "nearest": nearest})

    def forget_visit(self) -> bool:
        """Drop the visit chosen (the resident chose another follow-up); whether there was one."""
        self.session.modified = True
        return self.data["steps"].pop("visit", None) is not None

    def visit_slot(self) -> Slot | None:
        """The free time held for the visit, when the resident chose one."""
        value = self.visit.get("slot") if self.wants_visit() else ""
        return _slot(value) if value else None

    def nearest_slots(self) -> list[Slot]:
        """The free times nearest to one just taken from the resident, to offer first."""
        return [_slot(value) for value in self.visit.get("nearest", [])]

    def chosen_visit(self) -> Visit | None:
        """The visit chosen, unsaved, for the review to show; None for a call to arrange one."""
        slot = self.visit_slot()
        if slot is None:
            return None
        site = Site.objects.filter(pk=slot.site_id).first() if slot.site_id else None
        return Visit(
            date=slot.day,
            window_start=slot.start,
            window_end=slot.end,
            site=site,
            place=site.one_line() if site else self.home_address(),
        )

    def report_fields(self) -> dict:
        """The report's fields from every step; call only once no step is incomplete. An address
        typed exactly as the City's list has it is matched without the step that checks it."""
        fields = {"address_point": self.address_matches().exact}
        for step in self.steps():
            if isinstance(step, FormStep):
                form = self.form(step)
                form.is_valid()
                fields.update(form.cleaned_data)
        return fields

    def receipt_pin(self) -> str:
        """The PIN the City drew for this draft, which its report is followed with when it has no
        email address (a draft begun before PINs had 10 digits draws one now)."""
        return self.data.setdefault("pin", new_pin())

    def items(self) -> list[dict]:
        """The report's items from the items step; call only once no step is incomplete."""
        formset = self.item_formset()
        formset.is_valid()
        return formset.items()


def _slot(value: str) -> Slot:
    return Slot.from_value(value, WorkflowSettings.current().visit_minutes)


def _capped(field, value: str) -> str:
    limit = getattr(field, "max_length", None)
    if limit is None:
        limit = TEXT_CAP if isinstance(field.widget, django_forms.Textarea) else SHORT_CAP
    return value[:limit]


def raw_step(form_class, data) -> dict:
    """A step's own fields as typed, each capped in length; anything else posted is dropped."""
    return {name: _capped(field, data.get(name, "")) for name, field in form_class.base_fields.items()}


def item_row(data, index: int) -> dict:
    """One item row as typed, by field name without the row's prefix, each field capped."""
    return {
        name: _capped(field, data.get(f"items-{index}-{name}", ""))
        for name, field in forms.ItemForm.base_fields.items()
    }


def raw_items(data, *, drop: int | None = None, restore: dict | None = None) -> dict:
    """The item rows as typed (at most the formset's maximum, each field capped), renumbered
    without the row the resident removed, or with the removed row (`removed_item`) put back."""
    total = data.get("items-TOTAL_FORMS", "")
    total = int(total) if total.isdecimal() else 0
    rows = [item_row(data, index) for index in range(min(total, forms.ItemFormSet.max_num)) if index != drop]
    if restore is not None and len(rows) < forms.ItemFormSet.max_num:
        rows.insert(min(restore["index"], len(rows)), restore["row"])
    raw = {f"items-{index}-{name}": value for index, row in enumerate(rows) for name, value in row.items()}
    raw.update({"items-TOTAL_FORMS": str(len(rows)), "items-INITIAL_FORMS": "0"})
    return raw


def _with_blank_item(raw: dict) -> dict:
    """The rows and one more, holding what a new row shows before anything is typed (How many:
    1): the formset then sees it unchanged, so it shows no error and is left out without a word."""
    total = int(raw["items-TOTAL_FORMS"])
    if total >= forms.ItemFormSet.max_num:
        return raw
    blank = {
        f"items-{total}-{name}": "" if field.initial is None else str(field.initial)
        for name, field in forms.ItemForm.base_fields.items()
    }
    return {**raw, **blank, "items-TOTAL_FORMS": str(total + 1)}


def typed_answers(step: Step, raw: dict) -> list[tuple[str, str]]:
    """What was typed on a step, as (question, answer) pairs in the words the page showed, for a
    resident to see again when their draft had expired."""
    if isinstance(step, FormStep):
        fields = [("", field, raw[name]) for name, field in step.form_class.base_fields.items()]
    elif isinstance(step, ItemsStep):
        fields = [
            (_("Item %(number)s") % {"number": index + 1} + ": ", field, raw[f"items-{index}-{name}"])
            for index in range(int(raw["items-TOTAL_FORMS"]))
            for name, field in forms.ItemForm.base_fields.items()
        ]
    else:
        return []
    return [
        (f"{prefix}{field.label}", str(dict(getattr(field, "choices", ())).get(value, value)))
        for prefix, field, value in fields
        if value
    ]

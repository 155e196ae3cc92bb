"""A resident's unfinished report, kept in their session across steps, back navigation and
errors. What they typed is stored as typed, so a step shows it again exactly, errors and all."""

import secrets

from django.utils.translation import gettext_lazy as _

from reporting import forms
from reporting.models import PendingUpload, Report

SESSION_KEY = "reporting_draft"

# The steps of the form, in order: (slug, title). The review page follows the last one.
STEPS = [
    ("what", _("What happened")),
    ("items", _("Items")),
    ("files", _("Photos and documents")),
    ("about", _("About you")),
    ("questions", _("Optional questions")),
]
STEP_SLUGS = [slug for slug, _title in STEPS]
SIMPLE_FORMS = {
    "what": forms.WhatHappenedForm,
    "about": forms.AboutYouForm,
    "questions": forms.QuestionsForm,
}


class Draft:
    def __init__(self, session):
        self.session = session
        self.data = session.get(SESSION_KEY)
        # Forms bound to saved steps, built once per request: the review validates each step
        # several times.
        self._bound = {}

    @classmethod
    def start(cls, session) -> "Draft":
        """Begin a draft after screening, keeping one already under way."""
        if SESSION_KEY not in session:
            session[SESSION_KEY] = {"id": secrets.token_hex(16), "steps": {}}
        return cls(session)

    @property
    def exists(self) -> bool:
        return self.data is not None

    @property
    def id(self) -> str:
        return self.data["id"]

    def get(self, step: str) -> dict | None:
        return self.data["steps"].get(step)

    def put(self, step: str, raw: dict) -> None:
        self.data["steps"][step] = raw
        self.session.modified = True
        self._bound.clear()

    @property
    def reviewed(self) -> bool:
        return self.data.get("reviewed", False)

    def mark_reviewed(self) -> None:
        if not self.reviewed:
            self.data["reviewed"] = True
            self.session.modified = True

    def uploads(self):
        return PendingUpload.objects.filter(draft=self.id)

    def clear(self) -> None:
        del self.session[SESSION_KEY]

    # Forms rebuilt from what was typed

    def form(self, step: str, initial: dict | None = None):
        """The step's form, bound to what was typed, or blank when the step was never saved."""
        raw = self.get(step)
        if raw is None:
            return SIMPLE_FORMS[step](initial=initial)
        if step not in self._bound:
            self._bound[step] = SIMPLE_FORMS[step](raw)
        return self._bound[step]

    def item_formset(self, *, more: bool = False):
        if "items" in self._bound and not more:
            return self._bound["items"]
        raw = self.get("items")
        what = self.form("what")
        require_one = what.is_bound and what.is_valid() and what.cleaned_data["kind"] != Report.Kind.DAMAGE
        if raw is None:
            formset = forms.ItemFormSet(prefix="items", initial=[{}])
        else:
            if more:
                raw = {**raw, "items-TOTAL_FORMS": str(int(raw["items-TOTAL_FORMS"]) + 1)}
            formset = forms.ItemFormSet(raw, prefix="items")
        formset.require_one = require_one
        if raw is not None and not more:
            self._bound["items"] = formset
        return formset

    def first_incomplete_step(self) -> str | None:
        for slug in STEP_SLUGS:
            if slug == "files":
                continue
            form = self.item_formset() if slug == "items" else self.form(slug)
            if not (form.is_bound and form.is_valid()):
                return slug
        return None

    def report_fields(self) -> dict:
        """The report's fields from every step; call only once no step is incomplete."""
        fields = {}
        for slug in SIMPLE_FORMS:
            form = self.form(slug)
            form.is_valid()
            fields.update(form.cleaned_data)
        return fields


def raw_items(data, *, drop: int | None = None) -> dict:
    """The item rows as typed, renumbered without the row the resident removed."""
    total = data.get("items-TOTAL_FORMS", "")
    total = int(total) if total.isdecimal() else 0
    names = list(forms.ItemForm.base_fields)
    raw, kept = {}, 0
    for index in range(min(total, forms.ItemFormSet.max_num)):
        if index == drop:
            continue
        for name in names:
            raw[f"items-{kept}-{name}"] = data.get(f"items-{index}-{name}", "")
        kept += 1
    raw.update({"items-TOTAL_FORMS": str(kept), "items-INITIAL_FORMS": "0"})
    return raw

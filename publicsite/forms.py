from django import forms
from django.utils.translation import gettext_lazy as _

from pilots.models import Milestone, Program
from publicsite.models import HelpDestination

Situation = HelpDestination.Situation


class DangerForm(forms.Form):
    """The help finder's first question."""

    danger = forms.ChoiceField(
        label=_("Is anyone in danger, or is it happening right now?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
        error_messages={"required": _("Choose yes or no."), "invalid_choice": _("Choose yes or no.")},
    )


class SituationForm(forms.Form):
    """The help finder's second question, asked when no one is in danger."""

    situation = forms.ChoiceField(
        label=_("What do you need help with?"),
        choices=[(value, label) for value, label in Situation.choices if value != Situation.DANGER],
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
        error_messages={
            "required": _("Choose the answer closest to your situation."),
            "invalid_choice": _("Choose the answer closest to your situation."),
        },
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search this site"), max_length=200, required=False, strip=True)


def _any(label):
    return [("", label)]


class ProgramFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=_any(_("All categories")) + Program.Category.choices,
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_any(_("All statuses")) + Program.Status.choices,
        widget=forms.Select(attrs={"class": "usa-select"}),
    )

    def filter(self, programs):
        """The programs matching the valid choices; an invalid choice filters nothing."""
        if not self.is_bound:
            return programs
        self.is_valid()
        for name in ("category", "status"):
            value = self.cleaned_data.get(name)  # absent when the choice was invalid
            if value:
                programs = programs.filter(**{name: value})
        return programs


class MilestoneFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=_any(_("Everything")) + Milestone.Kind.choices,
        widget=forms.Select(attrs={"class": "usa-select"}),
    )

    def filter(self, milestones):
        if self.is_bound and self.is_valid() and self.cleaned_data["kind"]:
            return milestones.filter(kind=self.cleaned_data["kind"])
        return milestones

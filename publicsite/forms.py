from django import forms
from django.utils.translation import gettext_lazy as _

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

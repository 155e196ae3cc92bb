import calendar
import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pilots.models import CouncilUpdate, Milestone, Program
from publicsite.dashboards import period_label
from publicsite.models import HelpDestination, PopulationShare
from publicsite.translation_queue import other_languages
from reporting.demographics import DIMENSIONS

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


# Characters an HTML page cannot carry (controls other than white space, and non-characters):
# typed or pasted into the search box, they are dropped, so the box shows back what is searched.
NOT_IN_HTML = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search this site"),
        max_length=200,
        required=False,
        strip=True,
        widget=forms.SearchInput(attrs={"class": "usa-input"}),
    )

    def __init__(self, data=None):
        if data is not None:
            data = {"q": NOT_IN_HTML.sub("", data.get("q", ""))}
        super().__init__(data)


def _any(label):
    return [("", label)]


class FilterForm(forms.Form):
    """A public list's filters, read from the query string."""

    def validated_query(self) -> str:
        """The query string of the filters given with a valid value, in field order: the one
        query string the page is cached under."""
        self.is_valid()
        valid = {name: value for name, value in self.cleaned_data.items() if name in self.data}
        return urlencode(valid)


class ProgramFilterForm(FilterForm):
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


class MilestoneFilterForm(FilterForm):
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


# The data page's months: none before the first pilots, and 12 months unless the reader picks.
FIRST_DATA_MONTH = datetime.date(2021, 1, 1)
DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class MonthRange:
    """Whole calendar months from `start` (its first day) to `end` (its last day)."""

    start: datetime.date
    end: datetime.date
    query: str  # the canonical query string that asks for this range; "" for the default


def _month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _months_back(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"class": "usa-input", "type": "month"}, format="%Y-%m"),
    )


class DataPeriodForm(forms.Form):
    """The months the data page's report figures cover, read from the URL."""

    start = _month_field(_("From month"))
    end = _month_field(_("To month"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The first month must come before the last."))
        for month in (start, end):
            if month and not FIRST_DATA_MONTH <= month <= timezone.localdate():
                raise forms.ValidationError(_("Choose months from January 2021 to this month."))
        return cleaned

    def month_range(self) -> MonthRange:
        """The range asked for, or the last twelve months when nothing valid was asked."""
        this_month = timezone.localdate().replace(day=1)
        if self.is_bound and self.is_valid() and (self.cleaned_data["start"] or self.cleaned_data["end"]):
            end = self.cleaned_data["end"] or this_month
            start = self.cleaned_data["start"] or max(FIRST_DATA_MONTH, _months_back(end, DEFAULT_MONTHS - 1))
            query = urlencode({"start": start.strftime("%Y-%m"), "end": end.strftime("%Y-%m")})
            return MonthRange(start, _month_end(end), query)
        return MonthRange(_months_back(this_month, DEFAULT_MONTHS - 1), _month_end(this_month), "")


class WholeBreakdownForm(forms.Form):
    """The one breakdown OPI asks to see on its dashboard with no count hidden, read from the URL.
    One only: figures by two crossed make groups small enough to single a resident out."""

    breakdown = forms.ChoiceField(
        label=_("Breakdown"),
        required=False,
        choices=[("", _("None")), *((code, name) for code, (name, _answers) in DIMENSIONS.items())],
        error_messages={
            "invalid_choice": _("There is no breakdown by “%(value)s”. Choose one from the list.")
        },
    )

    def clean_breakdown(self):
        if len(self.data.getlist("breakdown")) > 1:
            raise forms.ValidationError(
                _("Choose one breakdown at a time: figures by two at once could single out a resident.")
            )
        return self.cleaned_data["breakdown"]


def _quarter_key(first: datetime.date) -> str:
    return f"{first.year}-Q{(first.month - 1) // 3 + 1}"


def ended_quarters() -> list[tuple[str, datetime.date, datetime.date]]:
    """Every calendar quarter from the first pilots' to the last that has ended, newest first: its
    key for the URL (2024-Q3), its first day and its last day."""
    this_quarter = timezone.localdate().replace(day=1)
    this_quarter = this_quarter.replace(month=this_quarter.month - (this_quarter.month - 1) % 3)
    quarters = []
    first = FIRST_DATA_MONTH
    while first < this_quarter:
        quarters.append((_quarter_key(first), first, _month_end(_months_back(first, -2))))
        first = _months_back(first, -3)
    return quarters[::-1]


class DataQuarterForm(forms.Form):
    """The calendar quarter the public data page's report figures cover, read from the URL.

    Only whole quarters that have ended: tables of periods that overlap, or of one that is still
    growing, would give a hidden count as the difference of two shown ones (see
    `publicsite.suppression`)."""

    quarter = forms.ChoiceField(
        label=_("Quarter"), required=False, widget=forms.Select(attrs={"class": "usa-select"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.quarters = ended_quarters()
        self.fields["quarter"].choices = [
            (key, period_label(start, end)) for key, start, end in self.quarters
        ]

    def month_range(self) -> MonthRange:
        """The quarter asked for, or the last that has ended when nothing valid was asked."""
        latest = self.quarters[0][0]
        key = (self.is_bound and self.is_valid() and self.cleaned_data["quarter"]) or latest
        start, end = {key: (start, end) for key, start, end in self.quarters}[key]
        return MonthRange(start, end, "" if key == latest else urlencode({"quarter": key}))

    @classmethod
    def showing(cls, months: MonthRange) -> "DataQuarterForm":
        """The form with these months' quarter selected."""
        return cls(initial={"quarter": _quarter_key(months.start)})


class CouncilReportForm(forms.Form):
    """The period and the language of a report to the City Council (`publicsite.council_report`):
    whole quarters that have ended, as the data page gives its report figures."""

    start = forms.DateField(
        label=_("From month"),
        input_formats=["%Y-%m"],
        help_text=_("The first month of a quarter: January, April, July or October."),
        widget=forms.DateInput(attrs={"class": "usa-input", "type": "month"}, format="%Y-%m"),
    )
    end = forms.DateField(
        label=_("To month"),
        input_formats=["%Y-%m"],
        help_text=_("The last month of a quarter that has ended: March, June, September or December."),
        widget=forms.DateInput(attrs={"class": "usa-input", "type": "month"}, format="%Y-%m"),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        initial="en",
        widget=forms.Select(attrs={"class": "usa-select"}),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if not (start and end):
            return cleaned
        quarters = ended_quarters()
        if start not in {first for _key, first, _last in quarters}:
            self.add_error("start", _("Choose the first month of a quarter from January 2021 on."))
        if end not in {last.replace(day=1) for _key, _first, last in quarters}:
            self.add_error("end", _("Choose the last month of a quarter that has ended."))
        if start > end:
            raise forms.ValidationError(_("The first month must come before the last."))
        return cleaned

    def month_range(self) -> MonthRange:
        """The months asked for; call only on a valid form."""
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        return MonthRange(start, _month_end(end), "")


class AttachCouncilReportForm(CouncilReportForm):
    """A report to the City Council, kept with the Council update it was presented at."""

    update = forms.ModelChoiceField(
        label=_("Council update"),
        queryset=CouncilUpdate.objects.order_by("-presented_on", "-id"),
        widget=forms.Select(attrs={"class": "usa-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="attach", **kwargs)


class PopulationShareForm(forms.ModelForm):
    """A share of the population for a question of the report form must name one of its answers
    by its code, as the figures counted from reports do; other breakdowns are named freely."""

    class Meta:
        model = PopulationShare
        fields = ["dimension", "category", "percent", "source"]

    def clean(self):
        cleaned = super().clean()
        dimension = cleaned.get("dimension", "").strip().lower()
        if dimension in DIMENSIONS:
            category = cleaned.get("category", "").strip().lower()
            if category not in DIMENSIONS[dimension][1].values:
                codes = ", ".join(DIMENSIONS[dimension][1].values)
                self.add_error("category", _("For this breakdown, use one of: %(codes)s.") % {"codes": codes})
            cleaned["dimension"], cleaned["category"] = dimension, category
        return cleaned


class TranslationQueueForm(forms.Form):
    """The language whose translation queue is shown (`publicsite.translation_queue`), read from the
    URL: the first one when none, or one the site does not have, is asked for."""

    LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code in other_languages()]

    language = forms.ChoiceField(choices=LANGUAGES, required=False)

    def chosen(self) -> str:
        if self.is_valid() and self.cleaned_data["language"]:
            return self.cleaned_data["language"]
        return self.LANGUAGES[0][0]

    @classmethod
    def name(cls, code: str) -> str:
        return dict(cls.LANGUAGES)[code]

"""The one list of what the equity figures break reports down by: the optional demographic
questions and their answers, and the language the resident chose.

The report form asks them (the choices on `Report`), the equity figures are broken down by them,
and population shares and imported metric values name their groups by the same codes, so a
group's figures and its share of the population always meet. A blank answer means the resident
skipped the question (or, for the language, a report deleted before deleted reports kept it).
"""

from django.conf import settings
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from reporting.models import Report

NOT_ANSWERED = ""

# Every language the form offers (`Report.language`), as the other breakdowns' answers are.
Language = TextChoices("Language", [(code.upper(), (code, name)) for code, name in settings.LANGUAGES])

# field of Report (also the breakdown's code) -> (how the breakdown is named, its answers)
DIMENSIONS: dict[str, tuple[str, type[TextChoices]]] = {
    "race_ethnicity": (_("Race or ethnicity"), Report.RaceEthnicity),
    "age_range": (_("Age"), Report.AgeRange),
    "gender": (_("Gender"), Report.Gender),
    "language": (_("Language"), Language),
}


def dimension_label(dimension: str) -> str:
    """The breakdown's name for a code of the list; any other name as it was written."""
    known = DIMENSIONS.get(dimension.lower())
    return str(known[0]) if known else dimension


def category_label(dimension: str, category: str) -> str:
    """The form's wording of an answer; any group outside the list as it was written."""
    known = DIMENSIONS.get(dimension.lower())
    if known is None:
        return category
    if category == NOT_ANSWERED:
        return str(_("Not answered"))
    choices = known[1]
    return str(choices(category.lower()).label) if category.lower() in choices.values else category


def categories(dimension: str) -> list[str]:
    """Every answer of a question in the form's order, then the skipped question."""
    return [*DIMENSIONS[dimension][1].values, NOT_ANSWERED]

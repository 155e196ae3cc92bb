"""Staff corrections of a report: the place, the dates and the items, never the resident's own
account of what happened. Each corrected value is kept before and after with the reason
(`Correction`, made by `reporting.services.correct_report`), the report then says the corrected
value everywhere (the staff page, the status page, the printed copy), and the resident is told,
like other notices, by email or text.

The status page and the printed copy show each correction beside what the resident wrote, so
their own words stay on their report, labelled as theirs."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reporting.models import Correction, Report

# A withdrawn report was taken back by its resident: nothing on it is corrected for them.
CORRECTABLE = tuple(status for status in Report.Status if status != Report.Status.WITHDRAWN)
ITEM_FIELDS = ("description", "brand", "model", "serial_number", "quantity", "value")

NOTHING_CHANGED = gettext_lazy("Nothing was corrected: change at least one value, then give the reason.")
ANONYMISED = gettext_lazy("This report's contact details and addresses were removed: it cannot be corrected.")


def stored(value) -> str:
    """A value as a correction keeps it: dates as YYYY-MM-DD, nothing as an empty string."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def of_places(report: Report):
    """The report's corrections of where it happened: each holds an address before and after,
    which the retention schedule removes with the report's own (`reporting.retention.COPIES`)."""
    return report.corrections.filter(field=Correction.Field.ADDRESS)


@dataclass(frozen=True)
class Change:
    what: str
    before: str
    after: str


@dataclass(frozen=True)
class Shown:
    """One correction as a resident or a staff member reads it, in the active language."""

    corrected_at: datetime.datetime
    reason: str
    changes: list[Change]


def _display(field: str, value: str) -> str:
    if not value:
        return "—"
    if field == Correction.Field.PLACE_TYPE:
        return str(Report.PlaceType(value).label)
    if field in (Correction.Field.OCCURRED_FROM, Correction.Field.OCCURRED_TO):
        return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    if field == Correction.Field.VALUE:
        return f"${floatformat(Decimal(value), '2g')}"
    return value


def _what(correction: Correction) -> str:
    if correction.item is None:
        return str(correction.get_field_display())
    return _("Item “%(item)s”: %(detail)s") % {
        "item": correction.item.description,
        "detail": str(correction.get_field_display()).lower(),
    }


def shown(corrections) -> list[Shown]:
    """The corrections of a report (prefetched with their items, oldest first), grouped as each
    was made, their values as people write them."""
    return [
        Shown(
            corrected_at=corrected_at,
            reason=group[0].reason,
            changes=[
                Change(_what(row), _display(row.field, row.before), _display(row.field, row.after))
                for row in group
            ],
        )
        for corrected_at, rows in groupby(corrections, key=lambda row: row.created_at)
        for group in [list(rows)]
    ]


def of_report(report: Report) -> list[Shown]:
    return shown(report.corrections.select_related("item"))


def made_at(report: Report, corrected_at: datetime.datetime) -> list[Shown]:
    """The correction made at this moment, for the notice that tells the resident of it."""
    return shown(report.corrections.filter(created_at=corrected_at).select_related("item"))

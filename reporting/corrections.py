"""Staff corrections of a report: the place, the dates and the items, never the resident's own
account of what happened. Each corrected value is kept before and after with the reason
(`Correction`), the report then says the corrected value everywhere (the staff page, the status
page, the printed copy), and the resident is told, like other notices, by email or text.

The status page and the printed copy show each correction beside what the resident wrote, so
their own words stay on their report, labelled as theirs."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reporting import services
from reporting.models import Correction, HistoryEntry, Report

# A withdrawn report was taken back by its resident: nothing on it is corrected for them.
CORRECTABLE = tuple(status for status in Report.Status if status != Report.Status.WITHDRAWN)
ITEM_FIELDS = ("description", "brand", "model", "serial_number", "quantity", "value")

NOTHING_CHANGED = gettext_lazy("Nothing was corrected: change at least one value, then give the reason.")
ANONYMISED = gettext_lazy("This report's contact details and addresses were removed: it cannot be corrected.")


def _stored(value) -> str:
    """A value as a correction keeps it: dates as YYYY-MM-DD, nothing as an empty string."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def correct_report(
    report: Report, *, actor, reason: str, report_changes: dict, item_changes: dict[int, dict]
) -> list[Correction]:
    """Correct the place, the dates and the items of a report, keeping each value before and after
    with the reason, write it in the history and tell the resident. Values given unchanged are
    left out; a correction that changes nothing is refused."""
    # The workflow steps are the services' own: the report locked, its status checked, the
    # resident told in the same transaction.
    with transaction.atomic():
        report = services._locked(report)
        services._require_status(report, CORRECTABLE)
        if report.anonymised_at:
            raise services.ReportingError(ANONYMISED)
        now = timezone.now()
        corrections = []

        def correct(row, item, changes):
            changed = []
            for field, value in changes.items():
                before = getattr(row, field)
                if _stored(before) == _stored(value):
                    continue
                corrections.append(
                    Correction(
                        report=report,
                        item=item,
                        field=field,
                        before=_stored(before),
                        after=_stored(value),
                        reason=reason,
                        corrected_by=actor,
                        created_at=now,
                    )
                )
                setattr(row, field, value)
                changed.append(field)
            return changed

        if changed := correct(report, None, report_changes):
            report.save(update_fields=[*changed, "updated_at"])
        items = report.items.in_bulk(list(item_changes))
        for item_id, changes in item_changes.items():
            if changed := correct(items[item_id], items[item_id], changes):
                items[item_id].save(update_fields=changed)
        if not corrections:
            raise services.ReportingError(NOTHING_CHANGED)
        Correction.objects.bulk_create(corrections)
        fields = ", ".join(dict.fromkeys(correction.get_field_display() for correction in corrections))
        HistoryEntry.objects.create(
            report=report, kind=HistoryEntry.Kind.CORRECTION, actor=actor, text=f"{fields}. {reason}"
        )
        services._tell_resident(report, "corrected", corrected_at=now.isoformat())
    return corrections


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

"""Reports as CSV for analysis. Personal data is left out unless a Supervisor explicitly asks for
it; every export, with or without it, leaves an ExportRecord."""

import csv
from collections.abc import Iterator

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.spreadsheet_safety import defuse_formula
from reporting.errors import NotPermitted
from reporting.models import AccessRecord, ExportRecord

# Nothing here names or locates a person: codes, dates and counts. The optional demographic answers
# are in neither list: residents were promised they are used only as totals
# (`reporting.aggregates`), so no export holds them per report.
ANALYSIS_COLUMNS = [
    "reference",
    "case_number",
    "kind",
    "channel",
    "status",
    "follow_up",
    "place_type",
    "occurred_from",
    "occurred_to",
    "created_at",
    "decided_at",
    "item_count",
    "items_value",
]
PERSONAL_COLUMNS = ["full_name", "email", "phone", "home_address", "address", "narrative", "language"]


def columns(*, personal_data: bool) -> list[str]:
    return ANALYSIS_COLUMNS + (PERSONAL_COLUMNS if personal_data else [])


def record_export(
    queryset, *, user: AbstractBaseUser, personal_data: bool, filters: str = ""
) -> ExportRecord:
    """Check the user may export (with personal data only by its own permission) and record it,
    with every exported report in the access records."""
    permission = "reporting.export_personal_data" if personal_data else "reporting.export_report"
    if not user.has_perm(permission):
        raise NotPermitted(_("You may not export these reports."))
    report_ids = list(queryset.order_by().values_list("pk", flat=True))
    return save_export_record(user=user, report_ids=report_ids, personal_data=personal_data, filters=filters)


def save_export_record(
    *, user: AbstractBaseUser, report_ids: list[int], personal_data: bool, filters: str
) -> ExportRecord:
    """Record an export the user was allowed to make, with every report in it in the access records."""
    with transaction.atomic():
        record = ExportRecord.objects.create(
            exported_by=user,
            included_personal_data=personal_data,
            report_count=len(report_ids),
            filters=filters,
        )
        AccessRecord.objects.create(
            staff=user, kind=AccessRecord.Kind.EXPORT, export=record, report_ids=report_ids, filters=filters
        )
    return record


class _Line:
    """A file-like target for csv.writer that hands back each line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(queryset, *, personal_data: bool) -> Iterator[str]:
    """The reports as CSV lines, header first, read in chunks; typed-in text cannot become a formula."""
    names = columns(personal_data=personal_data)
    writer = csv.writer(_Line())
    yield writer.writerow(names)
    rows = queryset.with_totals().order_by("created_at", "pk").values_list(*names).iterator(chunk_size=2000)
    for row in rows:
        yield writer.writerow([defuse_formula(value) for value in row])

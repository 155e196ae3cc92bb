"""The daily file for the police records system, made by `manage.py export_for_records`: one
row per offense and item of each accepted report (`nibrs` gives the codes), written to private
storage and recorded with the reports it carried. A report goes once, and again only when its
rows have changed since; Supervisors download the files from the admin, each download recorded
like any export. docs/records-export.md describes the columns for the City's records staff.

Each file is removed after FILES_KEPT, and sooner with any report in it that the retention
schedule deletes or removes the details of (`remove_files_with`)."""

import csv
import hashlib
import io
import json
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone, translation

from core.spreadsheet_safety import defuse_formula
from reporting import exports, nibrs
from reporting.models import ExportRecord, RecordsExport, RecordsExportReport, Report

FILES_KEPT = timedelta(days=30)
# Accepted reports, waiting for more information or closed since: those with a case number that
# were not withdrawn, referred or declined after all.
ON_RECORD = (Report.Status.ACCEPTED, Report.Status.NEEDS_INFO, Report.Status.CLOSED)
COLUMNS = [
    "case_number",
    "update",
    "offense_code",
    "offense",
    "property_loss_code",
    "property_description_code",
    "property_description",
    "item_kind",
    "item_description",
    "quantity",
    "property_value",
    "occurred_from",
    "occurred_to",
    "reported_on",
    "accepted_on",
    "address",
    "matched_address",
    "ward",
    "neighborhood",
    "place_type",
]
# Any number, so long as nothing else takes this lock: two runs at once would send a report twice.
RUN_LOCK = 7_202_601


def candidates() -> QuerySet[Report]:
    """The reports on record, each with the fingerprint of the rows it was last sent with."""
    last_sent = (
        RecordsExportReport.objects.filter(report=OuterRef("pk"))
        .order_by("-records_export_id")
        .values("fingerprint")[:1]
    )
    return (
        Report.objects.filter(status__in=ON_RECORD, anonymised_at__isnull=True)
        .exclude(case_number="")
        .annotate(last_fingerprint=Subquery(last_sent))
        .select_related("address_point")
        .prefetch_related("items")
        .order_by("pk")
    )


def rows(report: Report) -> list[list[str]]:
    """The report's rows, without the `update` column, each cell safe to open in a spreadsheet."""
    with translation.override("en"):
        lines = [
            [
                report.case_number,
                code,
                nibrs.OFFENSES[code],
                nibrs.loss(code),
                *_item_columns(item),
                report.occurred_from.isoformat(),
                report.occurred_to.isoformat() if report.occurred_to else "",
                timezone.localdate(report.created_at).isoformat(),
                timezone.localdate(report.decided_at).isoformat(),
                report.address,
                *_place_columns(report.address_point),
                report.get_place_type_display(),
            ]
            for code, item in nibrs.offense_lines(report, list(report.items.all()))
        ]
    return [[defuse_formula(str(value)) for value in line] for line in lines]


def _place_columns(point) -> list:
    """The address of the City's list the report's was matched with, its ward and neighborhood;
    empty when it matched none."""
    return ["", "", ""] if point is None else [point.address, point.ward, point.neighborhood]


def _item_columns(item) -> list:
    """The property's code and name, the item's kind, description, quantity and value."""
    if item is None:
        return [""] * 6
    code, description = nibrs.PROPERTY_DESCRIPTIONS.get(item.kind, ("", ""))
    value = nibrs.property_value(item)
    return [
        code,
        description,
        item.get_kind_display(),
        item.description,
        item.quantity,
        "" if value is None else value,
    ]


def fingerprint(report_rows: list[list[str]]) -> str:
    """What a report was sent as, to tell whether it changed: its rows hashed, so the tracking
    keeps none of what they say."""
    return hashlib.sha256(json.dumps(report_rows).encode()).hexdigest()


def export_daily(now: datetime | None = None) -> RecordsExport:
    """Write the file of the reports not yet sent, or changed since, and record it with them."""
    now = now or timezone.now()
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(COLUMNS)
    record = RecordsExport(created_at=now)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # A lock the ORM has no word for, held to the end of the transaction: a second
                # run waits, then finds these reports already sent.
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RUN_LOCK])
            sent, row_count = [], 0
            for report in candidates().iterator(chunk_size=500):
                report_rows = rows(report)
                printed = fingerprint(report_rows)
                if printed == report.last_fingerprint:
                    continue
                is_update = report.last_fingerprint is not None
                for row in report_rows:
                    writer.writerow([row[0], "yes" if is_update else "no", *row[1:]])
                row_count += len(report_rows)
                sent.append(RecordsExportReport(report=report, fingerprint=printed, is_update=is_update))
            content = output.getvalue().encode()
            record.sha256 = hashlib.sha256(content).hexdigest()
            record.report_count, record.row_count = len(sent), row_count
            record.file.save("records.csv", ContentFile(content), save=False)
            record.save()
            for entry in sent:
                entry.records_export = record
            RecordsExportReport.objects.bulk_create(sent)
    except BaseException:
        # Nothing recorded, so no file either.
        if record.file:
            record.file.storage.delete(record.file.name)
        raise
    return record


def remove_files(records_exports: QuerySet[RecordsExport], now: datetime | None = None) -> int:
    """Delete these files from storage; their rows stay, with when the file went."""
    now = now or timezone.now()
    kept = list(records_exports.filter(removed_at__isnull=True).only("pk", "file"))
    files = [record.file for record in kept]
    removed = RecordsExport.objects.filter(pk__in=[record.pk for record in kept]).update(
        file="", removed_at=now
    )
    # Once the rows say so for good: a rolled-back removal keeps the files.
    transaction.on_commit(lambda: [file.storage.delete(file.name) for file in files])
    return removed


def remove_old_files(now: datetime | None = None) -> int:
    """Files are a hand-off, not an archive: each goes after FILES_KEPT."""
    now = now or timezone.now()
    return remove_files(RecordsExport.objects.filter(created_at__lt=now - FILES_KEPT), now)


def remove_files_with(report: Report) -> int:
    """The files that carried the report, which hold its address."""
    return remove_files(RecordsExport.objects.filter(reports__report=report))


def record_download(records_export: RecordsExport, *, user: AbstractBaseUser) -> ExportRecord:
    """A Supervisor's download of a file: an export with personal data (the addresses)."""
    report_ids = list(records_export.reports.order_by("report").values_list("report", flat=True))
    return exports.save_export_record(
        user=user,
        report_ids=report_ids,
        personal_data=True,
        filters=f"records_file={records_export.pk}",
    )


def run() -> str:
    """The scheduled job: remove the files past their time, then write today's."""
    removed = remove_old_files()
    record = export_daily()
    return (
        f"Wrote a file of {record.row_count} row(s) for {record.report_count} report(s); "
        f"removed {removed} old file(s)."
    )

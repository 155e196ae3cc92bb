"""Importing the City's address list, a file of up to 200,000 rows, in the background.

The admin's import form checks the file's size and rows as every import does
(`core.spreadsheets.SpreadsheetImportForm`), then `start` keeps the file in the shared import
storage and queues `import_address_points` for the worker. The worker checks the rows part by
part, saying how many it has checked (`AddressImport.rows_checked`, which the admin shows), then
saves the whole file in one transaction; a bad row anywhere means nothing is saved, and each bad
row is listed with its number and reason."""

import tablib
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from import_export.tmp_storages import MediaStorage

from background.queue import enqueue_with_change
from core.spreadsheets import SpreadsheetMixin
from reporting.models import AddressImport
from reporting.resources import AddressPointResource

# Rows checked between two updates of the progress shown.
PART_ROWS = 5000
# Reasons kept for a refused file: enough to fix it, not a copy of a file where every row is bad.
MAX_REASONS = 500
FORMATS = {file_format().get_title(): file_format for file_format in SpreadsheetMixin.formats}


class ImportRefused(Exception):
    """A row could not be saved after all the rows had been checked (another import changed them)."""


def start(*, file_name: str, stored_name: str, file_format: str, user) -> AddressImport:
    """Record the import of a file already in the import storage and queue it for the worker."""
    with transaction.atomic():
        job = AddressImport.objects.create(
            file_name=file_name, stored_name=stored_name, file_format=file_format, started_by=user
        )
        enqueue_with_change(import_address_points, job.pk)
    return job


def _read(job: AddressImport) -> tablib.Dataset:
    file_format = FORMATS[job.file_format]()
    data = MediaStorage(name=job.stored_name).read()
    # As the admin reads a previewed file (import_export.admin.ImportMixin.process_import).
    return file_format.create_dataset(data if file_format.is_binary() else data.decode("utf-8-sig"))


def _parts(dataset: tablib.Dataset):
    for offset in range(0, len(dataset), PART_ROWS):
        yield offset, tablib.Dataset(*dataset[offset : offset + PART_ROWS], headers=dataset.headers)


def _reasons(result, offset: int) -> list[list]:
    """[row, reason] for each problem of a part's result, in the order of the file, each row
    numbered as a spreadsheet numbers it (the headings are row 1)."""
    reasons = [[0, str(error.error)] for error in result.base_errors]
    for number, errors in result.row_errors():
        reasons += [[number + offset + 1, str(error.error)] for error in errors]
    for row in result.invalid_rows:
        for field, messages in row.error_dict.items():
            column = "" if field == "__all__" else f"{field}: "
            reasons += [[row.number + offset + 1, f"{column}{message}"] for message in messages]
    return sorted(reasons, key=lambda reason: reason[0])


def _update(job: AddressImport, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def run(job: AddressImport) -> None:
    """Check every row of the import's file, then save them all, or none when one is bad."""
    storage = MediaStorage(name=job.stored_name)
    try:
        dataset = _read(job)
    except Exception:  # a file the format's reader cannot read, whatever the reader raises
        _finish(
            job,
            AddressImport.Status.REFUSED,
            errors=[[0, _("The file cannot be read as %(format)s.") % {"format": job.file_format.upper()}]],
        )
        storage.remove()
        return
    _update(job, status=AddressImport.Status.CHECKING, row_count=len(dataset))
    checker = AddressPointResource()
    reasons = []
    for offset, part in _parts(dataset):
        result = checker.import_data(part, dry_run=True, row_offset=offset)
        reasons += _reasons(result, offset)
        _update(job, rows_checked=offset + len(part))
    if reasons:
        _finish(job, AddressImport.Status.REFUSED, errors=reasons[:MAX_REASONS])
        storage.remove()
        return
    _update(job, status=AddressImport.Status.SAVING)
    saver = AddressPointResource()
    totals = {"new": 0, "update": 0}
    try:
        with transaction.atomic():
            for offset, part in _parts(dataset):
                result = saver.import_data(part, row_offset=offset)
                if reasons := _reasons(result, offset):
                    raise ImportRefused
                for kind in totals:
                    totals[kind] += result.totals[kind]
    except ImportRefused:
        _finish(job, AddressImport.Status.REFUSED, errors=reasons[:MAX_REASONS])
    else:
        _finish(job, AddressImport.Status.DONE, new_count=totals["new"], changed_count=totals["update"])
    storage.remove()


def _finish(job: AddressImport, status: str, **fields) -> None:
    _update(job, status=status, finished_at=timezone.now(), **fields)


@task()
def import_address_points(job_id: int) -> str:
    """Import a file of the City's address list (`reporting.address_import.run`)."""
    job = AddressImport.objects.get(pk=job_id)
    if job.is_finished:
        return f"Address import {job_id} had already finished."
    run(job)
    return f"Address import {job_id}: {job.get_status_display()}."

"""The records retention schedule the privacy page promises, applied daily by
`manage.py apply_retention_schedule`:

- withdrawn and declined reports are deleted, with their items, messages, visits, files and
  history, RETENTION_DELETE_ENDED_DAYS after they were withdrawn or declined; what the aggregate
  figures count of them is kept, without anything that leads back to a person (RetiredReport);
- closed reports lose the resident's name, email, phone, PIN, both addresses, the nearest corner or
  landmark and the match to the City's address list
  RETENTION_ANONYMISE_CLOSED_DAYS after they were closed; the rest of the case stays.

Either way the copies of those details go too, wherever they were made (`COPIES`): in the case's
own text, in staff searches kept by the access and export records, in the task queue, in the
files for the police records system, and in expired sessions.

A report holding evidence is never deleted here: its chain of custody is kept whole, and staff
decide. Each report is handled in a transaction of its own, so running again finishes the rest.
"""

import datetime
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote_plus, urlencode

from django.conf import settings
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from reporting import corrections, records_export
from reporting.models import (
    AccessLink,
    AccessRecord,
    Attachment,
    ExportRecord,
    HistoryEntry,
    Message,
    Report,
    ReportFigures,
    ReportPin,
    RetiredReport,
    Visit,
)

Status = Report.Status
DELETED_AFTER_ENDING = (Status.WITHDRAWN, Status.DECLINED)


def ended_before(statuses, cutoff: datetime.datetime) -> QuerySet[Report]:
    """Reports in one of these statuses that they entered (as their history says) before cutoff."""
    entered = (
        HistoryEntry.objects.filter(report=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        Report.objects.filter(status__in=statuses)
        .annotate(ended_at=Subquery(entered))
        .filter(ended_at__lt=cutoff)
        .order_by("ended_at", "pk")
    )


@dataclass
class Due:
    """What the schedule would do now."""

    to_delete: list[Report]
    kept_for_evidence: list[Report]
    to_anonymise: list[Report]


def due(now: datetime.datetime | None = None) -> Due:
    """The reports whose period has passed, sorted into what happens to each."""
    now = now or timezone.now()
    ended = ended_before(
        DELETED_AFTER_ENDING, now - datetime.timedelta(days=settings.RETENTION_DELETE_ENDED_DAYS)
    ).prefetch_related("evidence")
    closed = ended_before(
        [Status.CLOSED], now - datetime.timedelta(days=settings.RETENTION_ANONYMISE_CLOSED_DAYS)
    ).filter(anonymised_at__isnull=True)
    ended = list(ended)
    return Due(
        to_delete=[report for report in ended if not report.evidence.all()],
        kept_for_evidence=[report for report in ended if report.evidence.all()],
        to_anonymise=list(closed),
    )


REMOVED = "[removed]"
# What a staff search becomes once a resident it may name is gone (`search_hash`).
HASHED = "hash:"
# The tasks whose first argument is the id of the report they are about.
REPORT_TASKS = (
    "reporting.emails.tell_resident",
    "reporting.emails.email_access_link",
    "reporting.emails.notify_report_takers",
    "reporting.notices.notify_of_additions",
    "reporting.pins.text_new_pin",
    "reporting.handoffs.deliver",
)


def personal_details(report: Report) -> list[str]:
    """The name, contact details and addresses the schedule removes, with the places of its visits
    and the places staff corrected it from and to."""
    places = Visit.objects.filter(report=report).values_list("place", flat=True)
    corrected = [
        value for pair in corrections.of_places(report).values_list("before", "after") for value in pair
    ]
    values = [
        report.full_name,
        report.email,
        report.phone,
        report.home_address,
        report.address,
        report.place_note,
        *places,
        *corrected,
    ]
    if report.phone:
        values.append(report.phone_display)
    return sorted({value.strip() for value in values if value.strip()}, key=len, reverse=True)


def redact(text: str, details: list[str]) -> str:
    """The text with each of these details, as a whole word or words in any case, replaced."""
    for detail in details:
        text = re.sub(rf"(?<!\w){re.escape(detail)}(?!\w)", REMOVED, text, flags=re.IGNORECASE)
    return text


def search_hash(term: str) -> str:
    """A staff search as the records keep it once a resident it may name is gone: the same words
    always give the same hash, keyed with the secret key, so the records of one search stay linked
    and an audit can check given words against them, but the words cannot be read back."""
    if term.startswith(HASHED):
        return term
    return HASHED + salted_hmac("reporting.retention.search", term.strip().casefold()).hexdigest()[:32]


def hashed_filters(filters: str, details: list[str]) -> str:
    """A recorded page's filters with the search, and any value holding one of the details, hashed."""
    pairs = parse_qsl(filters, keep_blank_values=True)
    return urlencode(
        [
            (key, search_hash(value) if key == SEARCH_VAR or redact(value, details) != value else value)
            for key, value in pairs
        ]
    )


@contextmanager
def scrubbing():
    """A cursor with which this transaction, and only it, may rewrite the columns of append-only
    records that hold copies of a resident's details (the trigger of migration 0020 names them); the
    ORM refuses any change to append-only rows, so it is SQL."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('reporting.retention_scrub', 'on', true)")
        yield cursor
        cursor.execute("SELECT set_config('reporting.retention_scrub', 'off', true)")


def redact_case_text(report: Report, details: list[str]) -> None:
    """The narrative, messages and history quote the details (a visit's place, a greeting, a note)."""
    if (narrative := redact(report.narrative, details)) != report.narrative:
        report.narrative = narrative
        report.save(update_fields=["narrative"])
    for message in Message.objects.filter(report=report).only("pk", "body"):
        if (body := redact(message.body, details)) != message.body:
            Message.objects.filter(pk=message.pk).update(body=body)
    with scrubbing() as cursor:
        for entry in HistoryEntry.objects.filter(report=report).only("pk", "text"):
            if (text := redact(entry.text, details)) != entry.text:
                cursor.execute("UPDATE reporting_historyentry SET text = %s WHERE id = %s", [text, entry.pk])


def hash_searches(report: Report, details: list[str]) -> None:
    """Staff searches for the resident ("Alex Resident", a street) are kept beside the reports they
    listed: those that showed this report, or that hold one of its details, are hashed, in the
    access records and in the record of exports."""
    # An empty Q would match every row: these start from one that matches none.
    searched = filtered = Q(pk__in=[])
    for detail in details:
        searched |= Q(search__icontains=detail)
        filtered |= Q(filters__icontains=quote_plus(detail))
    records = AccessRecord.objects.filter(
        Q(report=report) | Q(report_ids__contains=[report.pk]) | searched | filtered
    )
    exports = ExportRecord.objects.filter(Q(pk__in=records.exclude(export=None).values("export")) | filtered)
    with scrubbing() as cursor:
        for record in records.exclude(search="", filters="").only("pk", "search", "filters"):
            search = search_hash(record.search) if record.search else ""
            filters = hashed_filters(record.filters, details)
            if (search, filters) != (record.search, record.filters):
                cursor.execute(
                    "UPDATE reporting_accessrecord SET search = %s, filters = %s WHERE id = %s",
                    [search, filters, record.pk],
                )
        for export in exports.exclude(filters="").only("pk", "filters"):
            if (filters := hashed_filters(export.filters, details)) != export.filters:
                cursor.execute(
                    "UPDATE reporting_exportrecord SET filters = %s WHERE id = %s", [filters, export.pk]
                )


def forget_corrected_places(report: Report, details: list[str]) -> None:
    """Staff corrections of the place keep the address before and after (reporting.corrections)."""
    corrections.of_places(report).delete()


def drop_tasks(report: Report, details: list[str]) -> None:
    """Tasks about the report, waiting or done: an error kept with one may quote an address."""
    DBTaskResult.objects.filter(task_path__in=REPORT_TASKS, args_kwargs__args__0=report.pk).exclude(
        status=TaskResultStatus.RUNNING
    ).delete()


def remove_records_files(report: Report, details: list[str]) -> None:
    """The files for the police records system that carried the report hold its address."""
    records_export.remove_files_with(report)


# Where a resident's name, contact details and addresses are copied besides the report's own
# fields, each with the step that clears the copies of one report before it is deleted or
# anonymised. A feature that copies them somewhere new adds its step here; the test
# tests/reporting/test_retention_everywhere.py searches every table for what should be gone.
# (The history of staff edits, audit/tracking.py, tracks no table that holds them.)
COPIES: list[Callable[[Report, list[str]], None]] = [
    redact_case_text,
    hash_searches,
    drop_tasks,
    forget_corrected_places,
    remove_records_files,
]


def clear_copies(report: Report) -> None:
    """Remove the copies of the report's personal details, everywhere `COPIES` names; before a
    deletion too, since the access and export records and the queue outlive the report."""
    details = personal_details(report)
    for clear in COPIES:
        clear(report, details)


def delete_report(report: Report) -> None:
    """Delete a withdrawn or declined report and everything filed with it, keeping its figures."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        clear_copies(report)
        # The view counts a live report as the figures see it; the retired row keeps just that.
        figures = ReportFigures.objects.get(pk=report.pk)
        RetiredReport.objects.create(
            **{
                field.attname: getattr(figures, field.attname)
                for field in RetiredReport._meta.concrete_fields[1:]
            }
        )
        attachments = list(Attachment.objects.filter(report=report))
        with connection.cursor() as cursor:
            # The append-only trigger lets this transaction, and only it, delete this report's
            # history and the record of who opened it and its files (migration 0008); the ORM
            # refuses deletes of append-only rows, so it is SQL.
            cursor.execute("SELECT set_config('reporting.retention_delete', 'on', true)")
            cursor.execute("DELETE FROM reporting_historyentry WHERE report_id = %s", [report.pk])
            cursor.execute("DELETE FROM reporting_accessrecord WHERE report_id = %s", [report.pk])
            cursor.execute("SELECT set_config('reporting.retention_delete', 'off', true)")
        report.delete()  # items, messages, visits and attachment rows go with it
        # Files go once the rows are gone for good: a rolled-back deletion keeps them.
        transaction.on_commit(lambda: [attachment.delete_files() for attachment in attachments])


def anonymise_report(report: Report) -> None:
    """Remove a closed report's name, contact details and addresses; its case record stays."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.anonymised_at or report.status != Status.CLOSED:
            return
        clear_copies(report)
        report.full_name = ""
        report.email = ""
        report.phone = ""
        report.home_address = ""
        report.address = ""
        # The ward is no address: the figures by ward keep counting the report in it.
        report.kept_ward = report.address_point.ward if report.address_point else None
        report.address_point = None
        report.place_note = ""
        report.anonymised_at = timezone.now()
        report.save(
            update_fields=[
                "full_name",
                "email",
                "phone",
                "home_address",
                "address",
                "address_point",
                "kept_ward",
                "place_note",
                "anonymised_at",
                "updated_at",
            ]
        )
        Visit.objects.filter(report=report).update(place="")
        # Links already emailed, and the receipt's PIN, stop working: nobody can prove the report
        # is theirs now.
        AccessLink.objects.filter(report=report).delete()
        ReportPin.objects.filter(report=report).delete()
        HistoryEntry.objects.create(
            report=report,
            kind=HistoryEntry.Kind.NOTE,
            text="Name, contact details and addresses removed under the records retention schedule.",
        )


def apply_schedule(*, dry_run: bool = False) -> list[str]:
    """Delete and anonymise what is due (or, with dry_run, only say so); returns what was done,
    line by line, the last line the totals."""
    due_now = due()
    verb = "Would" if dry_run else "Did"
    lines = []
    if not dry_run:
        # Expired sessions go first: a draft left in one may hold a resident's details, and their
        # removal cannot wait on the nightly clean-up (clean_pending_uploads) having run.
        Session.objects.filter(expire_date__lt=timezone.now()).delete()
    for report in due_now.to_delete:
        lines.append(f"{verb} delete {report.reference} ({report.status} {report.ended_at:%Y-%m-%d})")
        if not dry_run:
            delete_report(report)
    for report in due_now.kept_for_evidence:
        lines.append(f"Kept {report.reference} ({report.status}): it holds evidence, staff decide")
    for report in due_now.to_anonymise:
        closed = timezone.localdate(report.ended_at).isoformat()
        lines.append(f"{verb} remove the contact details of {report.reference} (closed {closed})")
        if not dry_run:
            anonymise_report(report)
    lines.append(
        f"{verb} delete {len(due_now.to_delete)} report(s) and remove the contact details of "
        f"{len(due_now.to_anonymise)}; kept {len(due_now.kept_for_evidence)} holding evidence."
    )
    return lines

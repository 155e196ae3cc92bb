"""The records retention schedule the privacy page promises, applied daily by
`manage.py apply_retention_schedule`:

- withdrawn and declined reports are deleted, with their items, messages, visits, files and
  history, RETENTION_DELETE_ENDED_DAYS after they were withdrawn or declined; what the aggregate
  figures count of them is kept, without anything that leads back to a person (RetiredReport);
- closed reports lose the resident's name, email, phone, PIN and both addresses
  RETENTION_ANONYMISE_CLOSED_DAYS after they were closed; the rest of the case stays.

A report holding evidence is never deleted here: its chain of custody is kept whole, and staff
decide. Each report is handled in a transaction of its own, so running again finishes the rest.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from reporting import corrections
from reporting.models import AccessLink, Attachment, HistoryEntry, Report, ReportPin, RetiredReport, Visit

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


def delete_report(report: Report) -> None:
    """Delete a withdrawn or declined report and everything filed with it, keeping its figures."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        RetiredReport.objects.create(
            channel=report.channel,
            status=report.status,
            follow_up=report.follow_up,
            created_at=report.created_at,
            decided_at=report.decided_at,
            has_case_number=bool(report.case_number),
            has_visit=Visit.objects.filter(report=report).exists(),
            age_range=report.age_range,
            race_ethnicity=report.race_ethnicity,
            gender=report.gender,
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
        report.full_name = ""
        report.email = ""
        report.phone = ""
        report.home_address = ""
        report.address = ""
        report.anonymised_at = timezone.now()
        report.save(
            update_fields=[
                "full_name",
                "email",
                "phone",
                "home_address",
                "address",
                "anonymised_at",
                "updated_at",
            ]
        )
        Visit.objects.filter(report=report).update(place="")
        corrections.forget_places(report)
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

"""The steps every workflow is made of: the report locked and its status checked, the status
changed with its history, the row that the database may refuse under a named rule, and the
resident and the report takers told, queued in the same transaction as the change they tell of
(`background.queue.enqueue_with_change`), so a rolled-back change tells nobody."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from background.queue import enqueue_with_change
from core.translated import in_staff_language
from reporting import emails, files, sms
from reporting.errors import InvalidTransition, ReportingError
from reporting.models import Attachment, HistoryEntry, PendingUpload, Report, Visit, next_in_sequence


def locked(report: Report) -> Report:
    """Re-read the report under a row lock so two staff members cannot act on it at once."""
    return Report.objects.select_for_update().get(pk=report.pk)


def require_status(report: Report, allowed) -> None:
    if report.status not in allowed:
        raise InvalidTransition.for_report(report)


def set_status(report: Report, status: str, *, actor, text: str = "", fields=()) -> None:
    previous = report.status
    report.status = status
    report.save(update_fields=["status", "updated_at", *fields])
    HistoryEntry.objects.create(
        report=report,
        kind=HistoryEntry.Kind.STATUS,
        actor=actor,
        from_status=previous,
        to_status=status,
        text=text,
    )


def cancel_booked_visits(report: Report, *, actor, outcome: str, why) -> None:
    """A report that ends before its visits cancels them (by the resident, for a withdrawal, or
    by the City), freeing the staff members' time; each is written in the history with why, and
    the resident told of each, with its calendar's cancellation."""
    booked = list(report.visits.filter(outcome=Visit.Outcome.BOOKED))
    Visit.objects.filter(pk__in=[visit.pk for visit in booked]).update(
        outcome=outcome, recorded_by=actor, recorded_at=timezone.now()
    )
    with in_staff_language():
        HistoryEntry.objects.bulk_create(
            HistoryEntry(
                report=report,
                kind=HistoryEntry.Kind.VISIT_RECORDED,
                actor=actor,
                text=f"{visit.starts()}, {Visit.Outcome(outcome).label}. {why}",
            )
            for visit in booked
        )
    for visit in booked:
        tell_resident(report, "visit_cancelled", visit_id=visit.pk)


def tell_resident(report: Report, template: str, **rows) -> None:
    """Queue the resident's email with the change it tells of, or their text message when they
    gave only a phone number and a text backend is configured (`reporting.emails.tell_resident`);
    a text queued in the quiet hours waits for the morning. Nothing is queued for a resident no
    message can reach."""
    if not (report.email or emails.texted(report)):
        return
    run_after = None if report.email else sms.quiet_until(timezone.now())
    enqueue_with_change(emails.tell_resident, report.pk, template, run_after=run_after, **rows)


def make_viewing_copy(kind: str, stored_file: PendingUpload | Attachment) -> None:
    """Queue the making of a picture's viewing copy; called once its row is saved and committed
    (not from inside the transaction: a task run at once would leave its file behind if that
    transaction then failed)."""
    if not stored_file.viewing_copy and stored_file.content_type != Attachment.ContentType.PDF:
        files.make_viewing_copy.enqueue(kind, stored_file.pk)


def notify_report_takers(report: Report, notice: str) -> None:
    """Queue an email to the report takers with the change it tells of."""
    enqueue_with_change(emails.notify_report_takers, report.pk, notice)


def save_or_refuse(row, constraint: str, message: str) -> None:
    """Insert the row; when the database refuses it under this rule (checked by the form too, but
    two staff members can race), say why to the person who tried."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:
        if getattr(getattr(error.__cause__, "diag", None), "constraint_name", None) != constraint:
            raise
        raise ReportingError(message) from None


def number(prefix: str, sequence: str) -> str:
    return f"{prefix}-{timezone.localdate():%Y}-{next_in_sequence(sequence):06d}"

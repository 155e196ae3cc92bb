"""Workflows on reports. Each runs in one transaction, locks the report it changes, writes the
history, and emails the resident (in their language, after the commit) where the issue says so."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from background.queue import enqueue_with_change
from reporting import emails, files, notices, pins, ratelimit, tasks
from reporting.draft import IDLE_LIFETIME
from reporting.models import (
    CASE_NUMBER_SEQUENCE,
    REFERENCE_SEQUENCE,
    AccessLink,
    AccessRecord,
    Attachment,
    CustodyTransfer,
    Evidence,
    HistoryEntry,
    Item,
    Message,
    PendingUpload,
    PinIssue,
    Reason,
    Report,
    Visit,
    WorkflowSettings,
    hash_token,
    next_in_sequence,
    random_reference_part,
)

Status = Report.Status


class ReportingError(Exception):
    """A workflow step that cannot happen; the message is meant for the person who tried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class InvalidTransition(ReportingError):
    @classmethod
    def for_report(cls, report: Report) -> "InvalidTransition":
        return cls(
            _("This report is “%(status)s”, so that cannot be done now.")
            % {"status": report.get_status_display()}
        )


class NotPermitted(ReportingError):
    pass


class StorageUnavailable(Exception):
    """The file store refused a write (full, read-only, unreachable); nothing was saved. Apart
    from ReportingError: the form is shown again with what was typed, rather than left."""

    message = _("We could not store your files just now. Please try again in a few minutes.")


# Helpers


def _locked(report: Report) -> Report:
    """Re-read the report under a row lock so two staff members cannot act on it at once."""
    return Report.objects.select_for_update().get(pk=report.pk)


def _require_status(report: Report, allowed) -> None:
    if report.status not in allowed:
        raise InvalidTransition.for_report(report)


def _set_status(report: Report, status: str, *, actor, text: str = "", fields=()) -> None:
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


def _tell_resident(report: Report, template: str, **rows) -> None:
    """Queue the resident's email with the change it tells of, or their text message when they
    gave only a phone number and a text backend is configured (`reporting.emails.tell_resident`);
    nothing is queued for a resident no message can reach."""
    if not (report.email or emails.texted(report)):
        return
    enqueue_with_change(tasks.tell_resident, report.pk, template, **rows)


def _make_viewing_copy(kind: str, stored_file: PendingUpload | Attachment) -> None:
    """Queue the making of a picture's viewing copy; called once its row is saved and committed
    (not from inside the transaction: a task run at once would leave its file behind if that
    transaction then failed)."""
    if not stored_file.viewing_copy and stored_file.content_type != Attachment.ContentType.PDF:
        tasks.make_viewing_copy.enqueue(kind, stored_file.pk)


def _notify_report_takers(report: Report, notice: str) -> None:
    """Queue an email to the report takers with the change it tells of."""
    enqueue_with_change(tasks.notify_report_takers, report.pk, notice)


def _save_or_refuse(row, constraint: str, message: str) -> None:
    """Insert the row; when the database refuses it under this rule (checked by the form too, but
    two staff members can race), say why to the person who tried."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:
        if getattr(getattr(error.__cause__, "diag", None), "constraint_name", None) != constraint:
            raise
        raise ReportingError(message) from None


def _number(prefix: str, sequence: str) -> str:
    return f"{prefix}-{timezone.localdate():%Y}-{next_in_sequence(sequence):06d}"


# Resident side


def submit_report(
    *,
    fields: dict,
    items: list[dict],
    uploads: list[PendingUpload] = (),
    channel: str = Report.Channel.ONLINE,
    taken_by: AbstractBaseUser | None = None,
    pin: str = "",
    draft_id: str = "",
) -> Report:
    """Save a report with its items and files in one transaction; the resident's email (with a
    link to the report) and the report takers' notice of a report filed online are queued. A
    report without an email address is followed with `pin`, shown on the receipt of the online
    form (`reporting.pins`); only its hash is kept. A
    draft makes one report however often it is submitted, one after another or at the same time:
    again, the report it made is returned."""
    if draft_id and (existing := Report.objects.filter(draft_id=draft_id).first()):
        return existing
    try:
        return _save_report(fields, items, uploads, channel, taken_by, pin, draft_id)
    except IntegrityError:
        # The same draft submitted at the same moment: the other transaction made the report.
        existing = Report.objects.filter(draft_id=draft_id).first() if draft_id else None
        if existing is None:
            raise
        return existing


def _save_report(fields, items, uploads, channel, taken_by, pin, draft_id) -> Report:
    with transaction.atomic():
        report = Report.objects.create(
            **fields,
            channel=channel,
            taken_by=taken_by,
            draft_id=draft_id,
            reference=f"{_number('R', REFERENCE_SEQUENCE)}-{random_reference_part()}",
        )
        if pin and not report.email:
            pins.store(report, pin, PinIssue.Delivery.RECEIPT, issued_by=taken_by)
        Item.objects.bulk_create(Item(report=report, **item) for item in items)
        # The checked files move from the draft to the report; nothing new is written to storage,
        # so a failed submission leaves no stray file behind.
        attachments = Attachment.objects.bulk_create(
            Attachment(
                report=report,
                original=upload.original.name,
                original_name=upload.original_name,
                sha256=upload.sha256,
                content_type=upload.content_type,
                size=upload.size,
                viewing_copy=upload.viewing_copy.name,
            )
            for upload in uploads
        )
        PendingUpload.objects.filter(pk__in=[upload.pk for upload in uploads]).delete()
        HistoryEntry.objects.create(
            report=report, kind=HistoryEntry.Kind.SUBMITTED, actor=taken_by, to_status=Status.SUBMITTED
        )
        _tell_resident(report, "submitted")
        if taken_by is None:
            _notify_report_takers(report, "submitted")
    # A draft's picture whose viewing copy the worker had not made yet gets it on the report.
    for attachment in attachments:
        _make_viewing_copy("attachment", attachment)
    return report


def send_access_link(reference: str, email: str) -> None:
    """Queue the look-up's email: a fresh single-use link to the report with this reference, if the
    email is the one on it. A task is queued whether or not one matched, so the request does the
    same work either way, and whoever asks learns only what the mailbox owner reads; the task holds
    the report's id, never the address typed."""
    report_id = Report.objects.filter(reference=reference, email__iexact=email).values_list("pk", flat=True)
    tasks.email_access_link.enqueue(report_id.first())


def find_access_link(token: str) -> AccessLink | None:
    """The link for this token while it can still be used."""
    return AccessLink.objects.usable().filter(token_hash=hash_token(token)).first()


def use_access_link(token: str) -> Report | None:
    """Spend the link: the report it opens, or None when it is unknown, used or expired. The row
    is locked while it is marked used, so two requests racing with one link cannot both succeed."""
    now = timezone.now()
    link = (
        AccessLink.objects.usable(now)
        .filter(token_hash=hash_token(token))
        .select_for_update(of=("self",))
        .select_related("report")
    )
    with transaction.atomic():
        link = link.first()
        if link is None:
            return None
        link.used_at = now
        link.save(update_fields=["used_at"])
    return link.report


def prune_access_links(now=None) -> int:
    """Delete links that expired more than a day ago, used or not."""
    cutoff = (now or timezone.now()) - timedelta(days=1)
    deleted, _details = AccessLink.objects.filter(expires_at__lt=cutoff).delete()
    return deleted


def add_pending_upload(draft: str, checked: files.CheckedFile) -> PendingUpload:
    """Keep a checked file for a resident's unfinished report."""
    upload = PendingUpload(draft=draft)
    try:
        files.store(checked, upload)
        upload.save()
    except Exception as error:
        upload.delete_files()
        if isinstance(error, OSError):
            raise StorageUnavailable from error
        raise
    _make_viewing_copy("upload", upload)
    return upload


def discard_pending_uploads(uploads) -> int:
    """Delete draft files and their rows (removed by the resident, or abandoned)."""
    uploads = list(uploads)
    for upload in uploads:
        upload.delete_files()
    PendingUpload.objects.filter(pk__in=[upload.pk for upload in uploads]).delete()
    return len(uploads)


def answer_info_request(report: Report, *, body: str, actor=None) -> Report:
    """The resident answers the City's question, on their status page or by phone to a staff
    member (`actor`) who writes it down; the report goes back for review."""
    with transaction.atomic():
        report = _locked(report)
        _require_status(report, [Status.NEEDS_INFO])
        Message.objects.create(report=report, direction=Message.Direction.FROM_RESIDENT, body=body)
        report.info_requested_until = None
        _set_status(report, Status.SUBMITTED, actor=actor, text=body, fields=["info_requested_until"])
        if actor is None:
            _notify_report_takers(report, "answered")
    return report


def add_supplement(
    report: Report, *, note: str = "", items: list[dict] = (), checked_files: list[files.CheckedFile] = ()
) -> Report:
    """The resident adds information, items or files to an open report."""
    written = []
    try:
        with transaction.atomic():
            report = _locked(report)
            _require_status(report, Report.OPEN_STATUSES)
            _require_room_for(report, checked_files)
            if note:
                Message.objects.create(report=report, direction=Message.Direction.FROM_RESIDENT, body=note)
            Item.objects.bulk_create(Item(report=report, added_later=True, **item) for item in items)
            for checked in checked_files:
                attachment = Attachment(report=report, added_later=True)
                written.append(attachment)
                files.store(checked, attachment)
                attachment.save()
            HistoryEntry.objects.create(
                report=report,
                kind=HistoryEntry.Kind.SUPPLEMENT,
                text=f"{len(items)} item(s), {len(checked_files)} file(s). {note}".strip(),
            )
            notices.notify_of_addition(report)
    except Exception as error:
        for attachment in written:
            attachment.delete_files()
        if isinstance(error, OSError):
            raise StorageUnavailable from error
        raise
    for attachment in written:
        _make_viewing_copy("attachment", attachment)
    return report


def _require_room_for(report: Report, checked_files) -> None:
    """The report's file limits hold for what is on it and what is added (under its lock)."""
    count, size = report.kept_files()
    added = sum(checked.size for checked in checked_files)
    if count + len(checked_files) > files.MAX_FILES or size + added > files.MAX_TOTAL_SIZE:
        raise ReportingError(_("These files would take the report past its limits. Nothing was added."))


def withdraw(report: Report, *, reason: str = "") -> Report:
    """The resident withdraws their report."""
    with transaction.atomic():
        report = _locked(report)
        _require_status(report, Report.OPEN_STATUSES)
        report.info_requested_until = None
        _set_status(report, Status.WITHDRAWN, actor=None, text=reason, fields=["info_requested_until"])
        _notify_report_takers(report, "withdrew")
    return report


def record_resident_copy(report: Report) -> HistoryEntry:
    """The resident downloaded the copy of their accepted report: kept in its history."""
    return HistoryEntry.objects.create(report=report, kind=HistoryEntry.Kind.COPY)


# Staff side


def request_info(report: Report, *, actor, body: str) -> Report:
    """Ask the resident for more; the report waits the configured number of days, then closes."""
    with transaction.atomic():
        report = _locked(report)
        _require_status(report, [Status.SUBMITTED, Status.ACCEPTED])
        report.info_requested_until = info_request_deadline()
        message = Message.objects.create(
            report=report,
            direction=Message.Direction.TO_RESIDENT,
            body=body,
            author=actor,
            is_info_request=True,
        )
        _set_status(report, Status.NEEDS_INFO, actor=actor, text=body, fields=["info_requested_until"])
        _tell_resident(
            report,
            "info_request",
            message_id=message.pk,
            deadline=report.info_requested_until.isoformat(),
        )
    return report


def info_request_deadline() -> datetime:
    """Until when a request for information made now waits for the resident's answer."""
    return timezone.now() + timedelta(days=WorkflowSettings.current().info_request_days)


def send_message(report: Report, *, actor, body: str) -> Message:
    """A message from staff to the resident, shown on their status page and announced by email."""
    with transaction.atomic():
        report = _locked(report)
        message = Message.objects.create(
            report=report, direction=Message.Direction.TO_RESIDENT, body=body, author=actor
        )
        HistoryEntry.objects.create(report=report, kind=HistoryEntry.Kind.MESSAGE, actor=actor, text=body)
        _tell_resident(report, "message", message_id=message.pk)
    return message


def accept(report: Report, *, actor) -> Report:
    """Accept the report and give it a case number (kept if it already has one)."""
    with transaction.atomic():
        report = _locked(report)
        _require_status(report, [Status.SUBMITTED, Status.NEEDS_INFO])
        if not report.case_number:
            report.case_number = _number("C", CASE_NUMBER_SEQUENCE)
        # An accepted report asked for more information keeps the time of its acceptance.
        report.decided_at = report.decided_at or timezone.now()
        report.info_requested_until = None
        _set_status(
            report,
            Status.ACCEPTED,
            actor=actor,
            fields=["case_number", "decided_at", "info_requested_until"],
        )
        _tell_resident(report, "accepted")
    return report


def _refer_or_decline(
    report: Report, *, actor, reason: Reason, note: str, action: str, status: str
) -> Report:
    if reason.action != action:
        raise ReportingError(_("Choose a reason made for this action."))
    with transaction.atomic():
        report = _locked(report)
        _require_status(report, [Status.SUBMITTED, Status.NEEDS_INFO])
        report.reason = reason
        report.decided_at = timezone.now()
        report.info_requested_until = None
        _set_status(
            report,
            status,
            actor=actor,
            text=f"{reason.label}. {note}".strip(),
            fields=["reason", "decided_at", "info_requested_until"],
        )
        rows = {"reason_id": reason.pk}
        if note:
            # A message like any other, so the queue holds its id, not what staff wrote.
            rows["message_id"] = Message.objects.create(
                report=report, direction=Message.Direction.TO_RESIDENT, body=note, author=actor
            ).pk
        _tell_resident(report, action, **rows)
    return report


def refer(report: Report, *, actor, reason: Reason, note: str = "") -> Report:
    """Send the resident to the agency that handles this (MPD, 311, Traffic Control, ...)."""
    return _refer_or_decline(
        report, actor=actor, reason=reason, note=note, action=Reason.Action.REFER, status=Status.REFERRED
    )


def decline(report: Report, *, actor, reason: Reason, note: str = "") -> Report:
    """Decline the report, telling the resident why and where to go."""
    return _refer_or_decline(
        report, actor=actor, reason=reason, note=note, action=Reason.Action.DECLINE, status=Status.DECLINED
    )


def close(report: Report, *, actor, note: str = "") -> Report:
    """Close an open report: the City's work on it is done."""
    with transaction.atomic():
        report = _locked(report)
        _require_status(report, Report.OPEN_STATUSES)
        report.info_requested_until = None
        _set_status(report, Status.CLOSED, actor=actor, text=note, fields=["info_requested_until"])
    return report


def reopen(report: Report, *, actor) -> Report:
    """Supervisors only: bring a decided or closed report back into the queue. A report with a
    case number stays accepted; any other waits for a decision again, so the figures no longer
    count the one undone (the history keeps it)."""
    if not actor.has_perm("reporting.reopen_report"):
        raise NotPermitted(_("Only a supervisor can reopen a report."))
    with transaction.atomic():
        report = _locked(report)
        _require_status(report, Report.FINAL_STATUSES)
        report.reason = None
        if not report.case_number:
            report.decided_at = None
        _set_status(
            report,
            Status.ACCEPTED if report.case_number else Status.SUBMITTED,
            actor=actor,
            fields=["reason", "decided_at"],
        )
    return report


def assign(report: Report, *, actor, assignee) -> Report:
    """Give an open report to a staff member who works on reports."""
    if not (assignee.is_active and assignee.has_perm("reporting.change_report")):
        raise ReportingError(_("Reports can only be assigned to staff who work on reports."))
    with transaction.atomic():
        report = _locked(report)
        _require_status(report, Report.OPEN_STATUSES)
        report.assigned_to = assignee
        report.save(update_fields=["assigned_to", "updated_at"])
        HistoryEntry.objects.create(
            report=report, kind=HistoryEntry.Kind.ASSIGNMENT, actor=actor, text=assignee.get_username()
        )
    return report


def schedule_visit(
    report: Report, *, actor, date: date, window_start: time, window_end: time, staff, place: str
) -> Visit:
    """Book an in-person visit and tell the resident when and where."""
    if date < timezone.localdate():
        raise ReportingError(_("A visit cannot be scheduled in the past."))
    if window_end <= window_start:
        raise ReportingError(_("The visit window must end after it starts."))
    with transaction.atomic():
        report = _locked(report)
        _require_status(report, Report.OPEN_STATUSES)
        visit = Visit(
            report=report,
            date=date,
            window_start=window_start,
            window_end=window_end,
            staff=staff,
            place=place,
        )
        _save_or_refuse(visit, "reporting_visit_staff_not_double_booked", Visit.DOUBLE_BOOKED)
        HistoryEntry.objects.create(
            report=report,
            kind=HistoryEntry.Kind.VISIT,
            actor=actor,
            text=f"{date:%Y-%m-%d} {window_start:%H:%M}-{window_end:%H:%M}, {place}",
        )
        _tell_resident(report, "visit", visit_id=visit.pk)
    return visit


def add_note(report: Report, *, actor, text: str) -> HistoryEntry:
    """A note for staff only."""
    return HistoryEntry.objects.create(report=report, kind=HistoryEntry.Kind.NOTE, actor=actor, text=text)


# Every time staff see residents' data, for the audit of who saw what (AccessRecord): one insert.


def record_view(report: Report, *, actor, kind: str = AccessRecord.Kind.REPORT_PAGE) -> AccessRecord:
    """Staff opened the report page (shown, whether or not an action on it worked) or its history."""
    return AccessRecord.objects.create(staff=actor, kind=kind, report=report)


def record_list_view(*, actor, kind: str, report_ids: list[int], search: str, filters: str) -> AccessRecord:
    """Staff looked at a page of the queue or of the report history: what they searched for,
    filtered by and which page, and the reports the page listed."""
    return AccessRecord.objects.create(
        staff=actor, kind=kind, report_ids=report_ids, search=search, filters=filters
    )


def record_file_access(
    *, actor, attachment: Attachment | None = None, evidence: Evidence | None = None
) -> AccessRecord:
    """Staff opened a resident's file or a piece of evidence."""
    subject = attachment or evidence
    return AccessRecord.objects.create(
        staff=actor,
        kind=AccessRecord.Kind.FILE,
        report_id=subject.report_id,
        attachment=attachment,
        evidence=evidence,
    )


def log_evidence(
    report: Report,
    *,
    actor,
    kind: str,
    description: str,
    checked_file: files.CheckedFile | None = None,
    tag_number: str = "",
    storage_location: str = "",
    collected_at: datetime | None = None,
) -> Evidence:
    """Record evidence staff collected: a digital file (kept with its hash) or a tagged item."""
    evidence = Evidence(
        report=report,
        kind=kind,
        description=description,
        tag_number=tag_number,
        storage_location=storage_location,
        collected_by=actor,
        collected_at=collected_at or timezone.now(),
    )
    if checked_file is not None:
        evidence.sha256 = checked_file.sha256
        evidence.file.save(
            f"evidence.{files.EXTENSIONS[checked_file.content_type]}",
            ContentFile(checked_file.content),
            save=False,
        )
    try:
        with transaction.atomic():
            evidence.save()
            HistoryEntry.objects.create(
                report=report,
                kind=HistoryEntry.Kind.EVIDENCE,
                actor=actor,
                evidence=evidence,
                text=description,
            )
    except Exception:
        if evidence.file:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def transfer_custody(
    evidence: Evidence, *, actor, from_holder: str, to_holder: str, storage_location: str = "", when=None
) -> CustodyTransfer:
    """Add a link to a physical item's chain of custody."""
    with transaction.atomic():
        transfer = CustodyTransfer(
            evidence=evidence,
            from_holder=from_holder,
            to_holder=to_holder,
            storage_location=storage_location,
            transferred_at=when or timezone.now(),
            recorded_by=actor,
        )
        _save_or_refuse(
            transfer, "reporting_custodytransfer_after_collection", evidence.collected_later_message()
        )
        if storage_location:
            evidence.storage_location = storage_location
            evidence.save(update_fields=["storage_location"])
        HistoryEntry.objects.create(
            report_id=evidence.report_id,
            kind=HistoryEntry.Kind.CUSTODY,
            actor=actor,
            evidence=evidence,
            text=f"{from_holder} → {to_holder}",
        )
    return transfer


def close_overdue_info_requests(now: datetime | None = None) -> int:
    """Close reports whose request for information went unanswered, telling each resident."""
    closed = 0
    now = now or timezone.now()
    for report in Report.objects.overdue_info_requests(now).only("pk"):
        with transaction.atomic():
            report = _locked(report)
            # The resident may have answered since the list was read.
            if report.status != Status.NEEDS_INFO or report.info_requested_until >= now:
                continue
            report.info_requested_until = None
            _set_status(
                report,
                Status.CLOSED,
                actor=None,
                text="No answer to the request for information in time.",
                fields=["info_requested_until"],
            )
            _tell_resident(report, "closed_no_answer")
        closed += 1
    return closed


def clean_expired_drafts() -> str:
    """Delete expired sessions (with the drafts in them), files of drafts left for a day, access
    links expired a day ago and expired rate-limit counters; says how many of each."""
    sessions, _details = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    uploads = discard_pending_uploads(PendingUpload.objects.abandoned(IDLE_LIFETIME))
    links = prune_access_links()
    counters = ratelimit.prune()
    return (
        f"Removed {sessions} expired session(s), {uploads} abandoned upload(s), "
        f"{links} expired access link(s) and {counters} expired rate-limit counter(s)."
    )

"""Workflows on reports. Each runs in one transaction, locks the report it changes, writes the
history, and emails the resident (in their language, after the commit) where the issue says so."""

import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from reporting import files
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
    Reason,
    Report,
    Visit,
    WorkflowSettings,
    hash_token,
    next_in_sequence,
)

Status = Report.Status

# How long an emailed access link works. Each works once. The submission email's link lives long
# enough to be found in the inbox days later; a link asked for through the look-up is used at once.
SUBMITTED_LINK_LIFETIME = timedelta(days=7)
LOOKUP_LINK_LIFETIME = timedelta(minutes=30)


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


def _absolute_url(name: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def resident_email(report: Report, template: str, **context) -> tuple[str, str]:
    """The subject and body of an email to the resident, in the language they chose."""
    with translation.override(report.language):
        context = {"report": report, "lookup_url": _absolute_url("reporting:lookup"), **context}
        subject = render_to_string(f"reporting/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"reporting/email/{template}_body.txt", context)
    return subject, body


def _email_resident(report: Report, template: str, **context) -> None:
    """Email the resident after the transaction commits, in the language they chose."""
    if not report.email:
        return
    subject, body = resident_email(report, template, **context)
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [report.email], fail_silently=False)
    )


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
) -> tuple[Report, str]:
    """Save a report with its items and files in one transaction; returns it and the token of the
    access link emailed to the resident."""
    with transaction.atomic():
        report = Report.objects.create(
            **fields, channel=channel, taken_by=taken_by, reference=_number("R", REFERENCE_SEQUENCE)
        )
        token = _new_access_link(report, SUBMITTED_LINK_LIFETIME)
        Item.objects.bulk_create(Item(report=report, **item) for item in items)
        # The checked files move from the draft to the report; nothing new is written to storage,
        # so a failed submission leaves no stray file behind.
        Attachment.objects.bulk_create(
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
        _email_resident(report, "submitted", link_url=_link_url(report, token), **link_lifetimes())
    return report, token


def link_lifetimes() -> dict:
    """How long each emailed link works, for the pages and emails that tell the resident."""
    return {
        "link_days": SUBMITTED_LINK_LIFETIME.days,
        "link_minutes": int(LOOKUP_LINK_LIFETIME.total_seconds() // 60),
    }


def _new_access_link(report: Report, lifetime: timedelta) -> str:
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    AccessLink.objects.create(
        report=report, token_hash=hash_token(token), created_at=now, expires_at=now + lifetime
    )
    return token


def _link_url(report: Report, token: str) -> str:
    with translation.override(report.language):
        return _absolute_url("reporting:status-link", token=token)


def send_access_link(reference: str, email: str) -> None:
    """Email a fresh single-use link to the report with this reference, if the email is the one on
    it. Says nothing either way: whoever asks learns only what the mailbox owner reads."""
    report = Report.objects.filter(reference=reference, email__iexact=email).first()
    if report is None:
        return
    with transaction.atomic():
        token = _new_access_link(report, LOOKUP_LINK_LIFETIME)
        _email_resident(report, "access_link", link_url=_link_url(report, token), **link_lifetimes())


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
    files.store(checked, upload)
    try:
        upload.save()
    except Exception:
        upload.delete_files()
        raise
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
                files.store(checked, attachment)
                written.append(attachment)
                attachment.save()
            HistoryEntry.objects.create(
                report=report,
                kind=HistoryEntry.Kind.SUPPLEMENT,
                text=f"{len(items)} item(s), {len(checked_files)} file(s). {note}".strip(),
            )
    except Exception:
        for attachment in written:
            attachment.delete_files()
        raise
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
        Message.objects.create(
            report=report,
            direction=Message.Direction.TO_RESIDENT,
            body=body,
            author=actor,
            is_info_request=True,
        )
        _set_status(report, Status.NEEDS_INFO, actor=actor, text=body, fields=["info_requested_until"])
        _email_resident(report, "info_request", message=body, deadline=report.info_requested_until)
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
        _email_resident(report, "message", message=body)
    return message


def accept(report: Report, *, actor) -> Report:
    """Accept the report and give it a case number (kept if it already has one)."""
    with transaction.atomic():
        report = _locked(report)
        _require_status(report, [Status.SUBMITTED, Status.NEEDS_INFO])
        if not report.case_number:
            report.case_number = _number("C", CASE_NUMBER_SEQUENCE)
        report.decided_at = report.decided_at or timezone.now()
        report.info_requested_until = None
        _set_status(
            report,
            Status.ACCEPTED,
            actor=actor,
            fields=["case_number", "decided_at", "info_requested_until"],
        )
        _email_resident(report, "accepted", items=list(report.items.all()))
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
        report.decided_at = report.decided_at or timezone.now()
        report.info_requested_until = None
        _set_status(
            report,
            status,
            actor=actor,
            text=f"{reason.label}. {note}".strip(),
            fields=["reason", "decided_at", "info_requested_until"],
        )
        _email_resident(report, action, reason=reason, note=note)
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
    """Supervisors only: bring a decided or closed report back into the queue."""
    if not actor.has_perm("reporting.reopen_report"):
        raise NotPermitted(_("Only a supervisor can reopen a report."))
    with transaction.atomic():
        report = _locked(report)
        _require_status(report, Report.FINAL_STATUSES)
        report.reason = None
        _set_status(
            report,
            Status.ACCEPTED if report.case_number else Status.SUBMITTED,
            actor=actor,
            fields=["reason"],
        )
    return report


def assign(report: Report, *, actor, assignee) -> Report:
    """Give the report to a staff member who works on reports."""
    if not (assignee.is_active and assignee.has_perm("reporting.change_report")):
        raise ReportingError(_("Reports can only be assigned to staff who work on reports."))
    with transaction.atomic():
        report = _locked(report)
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
        visit = Visit.objects.create(
            report=report,
            date=date,
            window_start=window_start,
            window_end=window_end,
            staff=staff,
            place=place,
        )
        HistoryEntry.objects.create(
            report=report,
            kind=HistoryEntry.Kind.VISIT,
            actor=actor,
            text=f"{date:%Y-%m-%d} {window_start:%H:%M}-{window_end:%H:%M}, {place}",
        )
        _email_resident(report, "visit", visit=visit)
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
        transfer = CustodyTransfer.objects.create(
            evidence=evidence,
            from_holder=from_holder,
            to_holder=to_holder,
            storage_location=storage_location,
            transferred_at=when or timezone.now(),
            recorded_by=actor,
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
            _email_resident(report, "closed_no_answer")
        closed += 1
    return closed

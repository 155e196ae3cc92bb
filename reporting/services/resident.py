"""What residents do: file a report (online, or through staff by phone or at the counter), open it
by link, keep files while the form is unfinished, answer the City, add to it and withdraw it."""

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting import emails, files, notices, pins
from reporting.errors import ReportingError, StorageUnavailable
from reporting.models import (
    REFERENCE_SEQUENCE,
    AccessLink,
    Attachment,
    CalendarLink,
    HistoryEntry,
    Item,
    Message,
    PendingUpload,
    PinIssue,
    Report,
    Visit,
    hash_token,
    random_reference_part,
)
from reporting.services import follow_up, steps
from reporting.slots import Slot

Status = Report.Status


def submit_report(
    *,
    fields: dict,
    items: list[dict],
    uploads: list[PendingUpload] = (),
    channel: str = Report.Channel.ONLINE,
    taken_by: AbstractBaseUser | None = None,
    pin: str = "",
    draft_id: str = "",
    slot: Slot | None = None,
) -> Report:
    """Save a report with its items and files in one transaction; the resident's email (with a
    link to the report) and the report takers' notice of a report filed online are queued. A
    report without an email address is followed with `pin`, shown on the receipt of the online
    form (`reporting.pins`); only its hash is kept. A
    draft makes one report however often it is submitted, one after another or at the same time:
    again, the report it made is returned. The visit the resident chose in the form (`slot`) is
    booked with it, or neither is saved: `SlotTaken` when that time has gone to someone else."""
    if draft_id and (existing := Report.objects.filter(draft_id=draft_id).first()):
        return existing
    try:
        return _save_report(fields, items, uploads, channel, taken_by, pin, draft_id, slot)
    except IntegrityError:
        # The same draft submitted at the same moment: the other transaction made the report.
        existing = Report.objects.filter(draft_id=draft_id).first() if draft_id else None
        if existing is None:
            raise
        return existing


def _save_report(fields, items, uploads, channel, taken_by, pin, draft_id, slot) -> Report:
    with transaction.atomic():
        report = Report.objects.create(
            **fields,
            channel=channel,
            taken_by=taken_by,
            draft_id=draft_id,
            reference=f"{steps.number('R', REFERENCE_SEQUENCE)}-{random_reference_part()}",
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
        # The visit chosen in the form is in the email that says the report was received.
        visit = slot and follow_up.book_slot(report, actor=taken_by, slot=slot, draft_id=draft_id, tell=False)
        steps.tell_resident(report, "submitted", visit_id=visit.pk if visit else None)
        if taken_by is None:
            steps.notify_report_takers(report, "submitted")
    # A draft's picture whose viewing copy the worker had not made yet gets it on the report.
    for attachment in attachments:
        steps.make_viewing_copy("attachment", attachment)
    return report


def send_access_link(reference: str, email: str) -> None:
    """Queue the look-up's email: a fresh single-use link to the report with this reference, if the
    email is the one on it. A task is queued whether or not one matched, so the request does the
    same work either way, and whoever asks learns only what the mailbox owner reads; the task holds
    the report's id, never the address typed."""
    report_id = Report.objects.filter(reference=reference, email__iexact=email).values_list("pk", flat=True)
    emails.email_access_link.enqueue(report_id.first())


# Single-use links: to a report (emailed) and to a visit's calendar file (texted). Each is found by
# its token's hash, and spent under a row lock so two requests racing with one link cannot both
# succeed.


def _usable_link(links: QuerySet, token: str, now=None) -> QuerySet:
    return links.usable(now).filter(token_hash=hash_token(token))


def _spend_link(links: QuerySet, token: str) -> AccessLink | CalendarLink | None:
    now = timezone.now()
    with transaction.atomic():
        link = _usable_link(links, token, now).select_for_update(of=("self",)).first()
        if link is None:
            return None
        link.used_at = now
        link.save(update_fields=["used_at"])
    return link


def find_access_link(token: str) -> AccessLink | None:
    """The link for this token while it can still be used."""
    return _usable_link(AccessLink.objects, token).first()


def use_access_link(token: str) -> Report | None:
    """Spend the link: the report it opens, or None when it is unknown, used or expired."""
    link = _spend_link(AccessLink.objects.select_related("report"), token)
    return link and link.report


def find_calendar_link(token: str) -> CalendarLink | None:
    """The calendar link for this token while it can still be used."""
    return _usable_link(CalendarLink.objects, token).first()


def use_calendar_link(token: str) -> Visit | None:
    """Spend the calendar link: the visit as the resident's calendar should now have it (the one
    it was last moved to), or None when the link is unknown, used or expired."""
    link = _spend_link(CalendarLink.objects.select_related("visit"), token)
    if link is None:
        return None
    return (
        Visit.objects.filter(calendar_uid=link.visit.calendar_uid)
        .select_related("report", "site")
        .order_by("-calendar_sequence")
        .first()
    )


def prune_access_links(now=None) -> int:
    """Delete links (to reports and to visits' calendar files) that expired more than a day ago,
    used or not."""
    cutoff = (now or timezone.now()) - timedelta(days=1)
    return sum(
        model.objects.filter(expires_at__lt=cutoff).delete()[0] for model in (AccessLink, CalendarLink)
    )


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
    steps.make_viewing_copy("upload", upload)
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
        report = steps.locked(report)
        steps.require_status(report, [Status.NEEDS_INFO])
        Message.objects.create(report=report, direction=Message.Direction.FROM_RESIDENT, body=body)
        report.info_requested_until = None
        steps.set_status(report, Status.SUBMITTED, actor=actor, text=body, fields=["info_requested_until"])
        if actor is None:
            steps.notify_report_takers(report, "answered")
    return report


def add_supplement(
    report: Report, *, note: str = "", items: list[dict] = (), checked_files: list[files.CheckedFile] = ()
) -> Report:
    """The resident adds information, items or files to an open report."""
    written = []
    try:
        with transaction.atomic():
            report = steps.locked(report)
            steps.require_status(report, Report.OPEN_STATUSES)
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
        steps.make_viewing_copy("attachment", attachment)
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
        report = steps.locked(report)
        steps.require_status(report, Report.OPEN_STATUSES)
        report.info_requested_until = None
        steps.set_status(report, Status.WITHDRAWN, actor=None, text=reason, fields=["info_requested_until"])
        steps.cancel_booked_visits(
            report, actor=None, outcome=Visit.Outcome.CANCELLED_BY_RESIDENT, why=Status.WITHDRAWN.label
        )
        steps.notify_report_takers(report, "withdrew")
    return report


def record_resident_copy(report: Report) -> HistoryEntry:
    """The resident downloaded the copy of their accepted report: kept in its history."""
    return HistoryEntry.objects.create(report=report, kind=HistoryEntry.Kind.COPY)

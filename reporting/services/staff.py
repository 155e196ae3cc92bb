"""What staff do to a report: ask the resident for more, write to them, accept, refer, decline,
close and reopen it, assign it, note, and correct what the resident got wrong."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting import corrections, handoffs
from reporting.errors import NotPermitted, ReportingError
from reporting.models import (
    CASE_NUMBER_SEQUENCE,
    AddressPoint,
    Correction,
    HistoryEntry,
    Message,
    Reason,
    Report,
    Visit,
    WorkflowSettings,
)
from reporting.services import steps

Status = Report.Status


def request_info(report: Report, *, actor, body: str) -> Report:
    """Ask the resident for more; the report waits the configured number of days, then closes."""
    with transaction.atomic():
        report = steps.locked(report)
        steps.require_status(report, [Status.SUBMITTED, Status.ACCEPTED])
        report.info_requested_until = info_request_deadline()
        message = Message.objects.create(
            report=report,
            direction=Message.Direction.TO_RESIDENT,
            body=body,
            author=actor,
            is_info_request=True,
        )
        steps.set_status(report, Status.NEEDS_INFO, actor=actor, text=body, fields=["info_requested_until"])
        steps.tell_resident(
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
        report = steps.locked(report)
        message = Message.objects.create(
            report=report, direction=Message.Direction.TO_RESIDENT, body=body, author=actor
        )
        HistoryEntry.objects.create(report=report, kind=HistoryEntry.Kind.MESSAGE, actor=actor, text=body)
        steps.tell_resident(report, "message", message_id=message.pk)
    return message


def accept(report: Report, *, actor) -> Report:
    """Accept the report and give it a case number (kept if it already has one)."""
    with transaction.atomic():
        report = steps.locked(report)
        steps.require_status(report, [Status.SUBMITTED, Status.NEEDS_INFO])
        if not report.case_number:
            report.case_number = steps.number("C", CASE_NUMBER_SEQUENCE)
        # An accepted report asked for more information keeps the time of its acceptance.
        report.decided_at = report.decided_at or timezone.now()
        report.info_requested_until = None
        steps.set_status(
            report,
            Status.ACCEPTED,
            actor=actor,
            fields=["case_number", "decided_at", "info_requested_until"],
        )
        steps.tell_resident(report, "accepted")
    return report


def _refer_or_decline(
    report: Report, *, actor, reason: Reason, note: str, action: str, status: str
) -> Report:
    if reason.action != action:
        raise ReportingError(_("Choose a reason made for this action."))
    with transaction.atomic():
        report = steps.locked(report)
        steps.require_status(report, [Status.SUBMITTED, Status.NEEDS_INFO])
        report.reason = reason
        report.decided_at = timezone.now()
        report.info_requested_until = None
        steps.set_status(
            report,
            status,
            actor=actor,
            text=f"{reason.label}. {note}".strip(),
            fields=["reason", "decided_at", "info_requested_until"],
        )
        why = Report.Status(status).label
        steps.cancel_booked_visits(report, actor=actor, outcome=Visit.Outcome.CANCELLED_BY_CITY, why=why)
        rows = {"reason_id": reason.pk}
        if action == Reason.Action.REFER:
            handoff = handoffs.pass_on(report, reason=reason, actor=actor)
            if handoff is not None and handoff.passes_on:
                rows["handoff_id"] = handoff.pk
        if note:
            # A message like any other, so the queue holds its id, not what staff wrote.
            rows["message_id"] = Message.objects.create(
                report=report, direction=Message.Direction.TO_RESIDENT, body=note, author=actor
            ).pk
        steps.tell_resident(report, action, **rows)
    return report


def refer(report: Report, *, actor, reason: Reason, note: str = "") -> Report:
    """Send the resident to the agency that handles this (MPD, 311, Traffic Control, ...), and the
    report too when that agency has an address and the resident agreed (`reporting.handoffs`)."""
    return _refer_or_decline(
        report, actor=actor, reason=reason, note=note, action=Reason.Action.REFER, status=Status.REFERRED
    )


def decline(report: Report, *, actor, reason: Reason, note: str = "") -> Report:
    """Decline the report, telling the resident why and where to go."""
    return _refer_or_decline(
        report, actor=actor, reason=reason, note=note, action=Reason.Action.DECLINE, status=Status.DECLINED
    )


def close(report: Report, *, actor, note: str = "") -> Report:
    """Close an open report: the City's work on it is done, and the resident is told."""
    with transaction.atomic():
        report = steps.locked(report)
        steps.require_status(report, Report.OPEN_STATUSES)
        report.info_requested_until = None
        steps.set_status(report, Status.CLOSED, actor=actor, text=note, fields=["info_requested_until"])
        # The resident hears of it, with the survey's link: the staff note stays in the history.
        steps.tell_resident(report, "closed")
    return report


def reopen(report: Report, *, actor) -> Report:
    """Supervisors only: bring a decided or closed report back into the queue. A report with a
    case number stays accepted; any other waits for a decision again, so the figures no longer
    count the one undone (the history keeps it)."""
    if not actor.has_perm("reporting.reopen_report"):
        raise NotPermitted(_("Only a supervisor can reopen a report."))
    with transaction.atomic():
        report = steps.locked(report)
        steps.require_status(report, Report.FINAL_STATUSES)
        report.reason = None
        if not report.case_number:
            report.decided_at = None
        steps.set_status(
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
        report = steps.locked(report)
        steps.require_status(report, Report.OPEN_STATUSES)
        report.assigned_to = assignee
        report.save(update_fields=["assigned_to", "updated_at"])
        HistoryEntry.objects.create(
            report=report, kind=HistoryEntry.Kind.ASSIGNMENT, actor=actor, text=assignee.get_username()
        )
    return report


def add_note(report: Report, *, actor, text: str) -> HistoryEntry:
    """A note for staff only."""
    return HistoryEntry.objects.create(report=report, kind=HistoryEntry.Kind.NOTE, actor=actor, text=text)


def _area(point: AddressPoint | None) -> str:
    # The ward and neighborhood, not the address: the history keeps them once the retention
    # schedule has removed the report's addresses.
    if point is None:
        return str(_("not matched"))
    return str(
        _("ward %(ward)s, %(neighborhood)s") % {"ward": point.ward, "neighborhood": point.neighborhood}
    )


def match_address(report: Report, *, actor, point: AddressPoint | None) -> HistoryEntry:
    """Match the report's address to another point of the City's list, or to none, writing the
    change in the history; the address the resident typed stays as it was."""
    with transaction.atomic():
        report = steps.locked(report)
        if report.anonymised_at:
            raise ReportingError(corrections.ANONYMISED)
        if report.address_point_id == (point.pk if point else None):
            raise ReportingError(_("The report is matched to that already."))
        before = _area(report.address_point)
        report.address_point = point
        report.save(update_fields=["address_point", "updated_at"])
        text = _("Address in the City's list: %(before)s, now %(after)s.") % {
            "before": before,
            "after": _area(point),
        }
        return HistoryEntry.objects.create(
            report=report, kind=HistoryEntry.Kind.ADDRESS_MATCH, actor=actor, text=str(text)
        )


def correct_report(
    report: Report, *, actor, reason: str, report_changes: dict, item_changes: dict[int, dict]
) -> list[Correction]:
    """Correct the place, the dates and the items of a report, keeping each value before and after
    with the reason, write it in the history and tell the resident. Values given unchanged are
    left out; a correction that changes nothing is refused."""
    with transaction.atomic():
        report = steps.locked(report)
        steps.require_status(report, corrections.CORRECTABLE)
        if report.anonymised_at:
            raise ReportingError(corrections.ANONYMISED)
        now = timezone.now()
        made = []

        def correct(row, item, changes):
            changed = []
            for field, value in changes.items():
                before = getattr(row, field)
                if corrections.stored(before) == corrections.stored(value):
                    continue
                made.append(
                    Correction(
                        report=report,
                        item=item,
                        field=field,
                        before=corrections.stored(before),
                        after=corrections.stored(value),
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
        if not made:
            raise ReportingError(corrections.NOTHING_CHANGED)
        Correction.objects.bulk_create(made)
        fields = ", ".join(dict.fromkeys(correction.get_field_display() for correction in made))
        HistoryEntry.objects.create(
            report=report, kind=HistoryEntry.Kind.CORRECTION, actor=actor, text=f"{fields}. {reason}"
        )
        steps.tell_resident(report, "corrected", corrected_at=now.isoformat())
    return made

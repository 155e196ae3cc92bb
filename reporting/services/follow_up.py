"""The follow-up a resident chose, as staff give it: a visit booked at a City site or at the
resident's, and what happened at it; a phone call and what came of it. A visit held or a call
answered in which staff took the report accepts a report still waiting for a decision."""

from datetime import date, time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.translated import in_staff_language
from reporting import slots
from reporting.errors import ReportingError
from reporting.models import (
    HOLD_LIFETIME,
    Call,
    HistoryEntry,
    Report,
    Site,
    Visit,
    VisitHold,
    refresh_follow_up,
)
from reporting.services import steps
from reporting.services.staff import accept

Outcome = Visit.Outcome


def schedule_visit(
    report: Report,
    *,
    actor,
    date: date,
    window_start: time,
    window_end: time,
    staff,
    site: Site | None = None,
    place: str = "",
    moved_from: Visit | None = None,
    tell: bool = True,
) -> Visit:
    """Book an in-person visit, at a City site or at the place given, and tell the resident
    when and where (unless the caller's own message does). A visit moved from another is the same
    event in the resident's calendar, changed."""
    if date < timezone.localdate():
        raise ReportingError(_("A visit cannot be scheduled in the past."))
    if window_end <= window_start:
        raise ReportingError(_("The visit window must end after it starts."))
    place = site.one_line() if site else place.strip()
    if not place:
        raise ReportingError(_("Choose a City site or say where the visit is."))
    with transaction.atomic():
        report = steps.locked(report)
        steps.require_status(report, Report.OPEN_STATUSES)
        visit = Visit(
            report=report,
            date=date,
            window_start=window_start,
            window_end=window_end,
            staff=staff,
            site=site,
            place=place,
        )
        if moved_from is not None:
            visit.calendar_uid = moved_from.calendar_uid
            visit.calendar_sequence = moved_from.calendar_sequence + 1
        steps.save_or_refuse(visit, "reporting_visit_staff_not_double_booked", Visit.DOUBLE_BOOKED)
        HistoryEntry.objects.create(
            report=report,
            kind=HistoryEntry.Kind.VISIT,
            actor=actor,
            text=f"{date:%Y-%m-%d} {window_start:%H:%M}-{window_end:%H:%M}, {place}",
        )
        if tell:
            steps.tell_resident(report, "visit_moved" if moved_from else "visit", visit_id=visit.pk)
    return visit


class SlotTaken(ReportingError):
    """The free time chosen was taken since it was offered; `nearest` are the closest still free."""

    def __init__(self, nearest: list[slots.Slot]):
        times = "; ".join(formats.date_format(slot.starts_at, "DATETIME_FORMAT") for slot in nearest)
        message = _("That time was just taken.")
        if times:
            message = _("That time was just taken. The nearest free times: %(times)s") % {"times": times}
        super().__init__(message)
        self.nearest = nearest


def _lock_staff_member(slot: slots.Slot) -> None:
    """Bookings and holds of one staff member's time are made one at a time (under a lock on
    their row, in the caller's transaction)."""
    get_user_model().objects.select_for_update().get(pk=slot.staff_id)


def hold_slot(draft_id: str, slot: slots.Slot) -> VisitHold:
    """Keep a free time chosen in the report form from others while the resident finishes it,
    for HOLD_LIFETIME; one per draft, so a new choice lets the last one go. `SlotTaken` when it
    is no longer free."""
    with transaction.atomic():
        _lock_staff_member(slot)
        if not slots.is_free(slot, draft_id):
            raise SlotTaken(slots.nearest(slot, draft_id=draft_id))
        hold, _created = VisitHold.objects.update_or_create(
            draft_id=draft_id,
            defaults={
                "staff_id": slot.staff_id,
                "site_id": slot.site_id,
                "date": slot.day,
                "window_start": slot.start,
                "window_end": slot.end,
                "expires_at": timezone.now() + HOLD_LIFETIME,
            },
        )
    return hold


def release_hold(draft_id: str) -> None:
    """Let the time held for a draft go (the resident chose another way, or left)."""
    VisitHold.objects.filter(draft_id=draft_id).delete()


def book_slot(
    report: Report,
    *,
    actor,
    slot: slots.Slot,
    draft_id: str = "",
    moved_from: Visit | None = None,
    tell: bool = True,
) -> Visit:
    """Book a free time for the report: at its City site, or at the resident's home (never, without
    one, at the place of the theft). The time is checked free again first, travel minutes
    included, the hold of the draft the report comes from aside, which the booking replaces."""
    site = Site.objects.get(pk=slot.site_id) if slot.site_id else None
    if site is None and not report.home_address.strip():
        raise ReportingError(
            _(
                "The resident gave no home address. Book a time at a City site, or schedule the "
                "visit with the place written in."
            )
        )
    with transaction.atomic():
        _lock_staff_member(slot)
        if not slots.is_free(slot, draft_id):
            raise SlotTaken(slots.nearest(slot, draft_id=draft_id))
        if draft_id:
            release_hold(draft_id)
        return schedule_visit(
            report,
            actor=actor,
            date=slot.day,
            window_start=slot.start,
            window_end=slot.end,
            staff=get_user_model().objects.get(pk=slot.staff_id),
            site=site,
            place=report.home_address,
            moved_from=moved_from,
            tell=tell,
        )


def move_visit(visit: Visit, *, actor, slot: slots.Slot) -> Visit:
    """Move a booked visit to another free time (by staff, or by the resident when `actor` is
    None): it is recorded as moved, the new one booked, or neither when the new time was taken."""
    with transaction.atomic():
        visit = record_visit(visit, actor=actor, outcome=Outcome.MOVED)
        moved = book_slot(visit.report, actor=actor, slot=slot, moved_from=visit)
        if actor is None:
            steps.notify_report_takers(visit.report, "visit_moved")
    return moved


def cancel_visit(visit: Visit) -> Visit:
    """The resident cancels a visit still to come, freeing the staff member's time; the report
    takers are told."""
    with transaction.atomic():
        visit = record_visit(visit, actor=None, outcome=Outcome.CANCELLED_BY_RESIDENT)
        steps.notify_report_takers(visit.report, "visit_cancelled")
    return visit


# What can be recorded of a visit only once its time has come.
AFTER_THE_TIME = (Outcome.HELD, Outcome.NOT_THERE)


def record_visit(
    visit: Visit, *, actor, outcome: str, report_taken: bool = False, evidence=(), minutes: int | None = None
) -> Visit:
    """Record what happened at a booked visit: held (the report taken or not, the evidence
    collected), the resident not there, moved or cancelled, and the minutes it took. The resident
    is told of a cancellation, by them or by the City (of a move, by the booking of its new time)."""
    if outcome == Outcome.BOOKED:
        raise ReportingError(_("Say what happened at the visit."))
    if outcome != Outcome.HELD and (report_taken or evidence):
        raise ReportingError(_("A report is taken and evidence collected only at a visit that was held."))
    if outcome in AFTER_THE_TIME and visit.date > timezone.localdate():
        raise ReportingError(_("This visit is still to come: it can only be moved or cancelled."))
    with transaction.atomic():
        report = steps.locked(visit.report)
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        if visit.outcome != Outcome.BOOKED:
            raise ReportingError(_("What happened at this visit is already recorded."))
        visit.outcome = outcome
        visit.report_taken = report_taken
        visit.minutes = minutes
        visit.recorded_by = actor
        visit.recorded_at = timezone.now()
        visit.save(update_fields=["outcome", "report_taken", "minutes", "recorded_by", "recorded_at"])
        visit.evidence_collected.set(evidence)
        with in_staff_language():
            details = [visit.starts(), str(visit.get_outcome_display())]
            details += _taken_and_minutes(
                report_taken, minutes, collected=[item.description for item in evidence]
            )
        HistoryEntry.objects.create(
            report=report, kind=HistoryEntry.Kind.VISIT_RECORDED, actor=actor, text=", ".join(details)
        )
        refresh_follow_up([report.pk])
        _accept_when_taken(report, actor, report_taken)
        if visit.cancelled:
            steps.tell_resident(report, "visit_cancelled", visit_id=visit.pk)
    return visit


def record_call(
    report: Report,
    *,
    actor,
    result: str,
    report_taken: bool = False,
    outcome: str = "",
    minutes: int | None = None,
    made_at=None,
) -> Call:
    """Record a follow-up call: answered or not, what came of it and the minutes it took."""
    if result != Call.Result.ANSWERED and report_taken:
        raise ReportingError(_("A report is taken only on a call that was answered."))
    made_at = made_at or timezone.now()
    if made_at > timezone.now():
        raise ReportingError(_("A call is recorded once it is made."))
    with transaction.atomic():
        report = steps.locked(report)
        call = Call.objects.create(
            report=report,
            staff=actor,
            made_at=made_at,
            result=result,
            report_taken=report_taken,
            outcome=outcome,
            minutes=minutes,
        )
        details = [str(call.get_result_display()), *_taken_and_minutes(report_taken, minutes)]
        text = ", ".join(details) + (f". {outcome}" if outcome else "")
        HistoryEntry.objects.create(report=report, kind=HistoryEntry.Kind.CALL, actor=actor, text=text)
        refresh_follow_up([report.pk])
        _accept_when_taken(report, actor, report_taken)
    return call


def _taken_and_minutes(report_taken: bool, minutes: int | None, collected=()) -> list[str]:
    """What a visit's or a call's history entry says after its outcome: the report taken, the
    evidence collected, the minutes spent."""
    details = [str(_("report taken"))] if report_taken else []
    details += collected
    if minutes is not None:
        details.append(str(_("%(minutes)s minutes") % {"minutes": minutes}))
    return details


def _accept_when_taken(report: Report, actor, report_taken: bool) -> None:
    """The report's status follows a report taken in person or by phone: one still waiting for
    a decision is accepted, with its case number."""
    if report_taken and report.status in (Report.Status.SUBMITTED, Report.Status.NEEDS_INFO):
        accept(report, actor=actor)

"""The scheduled jobs' work (run as tasks by `reporting.tasks`): requests for information left
unanswered past their deadline, reminders of visits, and the clean-up of what unfinished reports
leave."""

from datetime import datetime, timedelta

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from core import ratelimit
from reporting import sms
from reporting.draft import IDLE_LIFETIME
from reporting.models import PendingUpload, Report, Visit, VisitHold
from reporting.services import steps
from reporting.services.resident import discard_pending_uploads, prune_access_links

Status = Report.Status


def close_overdue_info_requests(now: datetime | None = None) -> int:
    """Close reports whose request for information went unanswered, telling each resident."""
    closed = 0
    now = now or timezone.now()
    for report in Report.objects.overdue_info_requests(now).only("pk"):
        with transaction.atomic():
            report = steps.locked(report)
            # The resident may have answered since the list was read.
            if report.status != Status.NEEDS_INFO or report.info_requested_until >= now:
                continue
            report.info_requested_until = None
            steps.set_status(
                report,
                Status.CLOSED,
                actor=None,
                text="No answer to the request for information in time.",
                fields=["info_requested_until"],
            )
            steps.tell_resident(report, "closed_no_answer")
        closed += 1
    return closed


# Each reminder of a visit: the field that says when it went, from how long before the start it
# is due, and until how long before. The windows do not overlap: a run sends a visit one at most.
REMINDERS = (
    ("reminded_day_before_at", timedelta(hours=24), timedelta(hours=2)),
    ("reminded_hours_before_at", timedelta(hours=2), timedelta()),
)


def send_visit_reminders(now: datetime | None = None) -> int:
    """Remind residents of their booked visits the day before and a couple of hours before, each
    once; a text due in the quiet hours waits for a run in the morning. Returns how many were
    reminded."""
    now = now or timezone.now()
    quiet = sms.quiet_until(now) is not None
    reminded = 0
    for field, ahead, until in REMINDERS:
        with transaction.atomic():
            # Rows another run holds are left to it, so no reminder is queued twice.
            due = (
                Visit.objects.due_for_reminder(field, ahead, until, now)
                .select_related("report")
                .select_for_update(of=("self",), skip_locked=True)
            )
            for visit in due:
                if quiet and not visit.report.email:
                    continue
                steps.tell_resident(visit.report, "visit_reminder", visit_id=visit.pk)
                setattr(visit, field, now)
                visit.save(update_fields=[field])
                reminded += 1
    return reminded


def clean_expired_drafts() -> str:
    """Delete expired sessions (with the drafts in them), files of drafts left for a day, links
    to reports and to visits' calendar files expired a day ago, times held for drafts that were
    not sent, and expired rate-limit counters; says how many of each."""
    sessions, _details = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    uploads = discard_pending_uploads(PendingUpload.objects.abandoned(IDLE_LIFETIME))
    links = prune_access_links()
    holds, _details = VisitHold.objects.filter(expires_at__lt=timezone.now()).delete()
    counters = ratelimit.prune()
    return (
        f"Removed {sessions} expired session(s), {uploads} abandoned upload(s), "
        f"{links} expired access link(s), {holds} expired hold(s) of a visit's time and "
        f"{counters} expired rate-limit counter(s)."
    )

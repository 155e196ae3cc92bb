"""The report takers' notice of what a resident adds to a report: one email per report every
NOTICE_SECONDS at most, however many additions it holds, so that a resident (or anyone with the
status page) posting again and again does not flood the report takers' mail.

The first addition starts a `PendingNotice` and queues its task to run NOTICE_SECONDS later;
each addition before then only counts itself on that row. Both happen under the report's lock in
the addition's transaction, and the row lives in the database, so every app server joins the same
notice. The task sends the email and deletes the row in one transaction: if the mail server
refuses, the row stays for the task's next try; an addition made while the email is being sent
waits for it, then starts the next notice."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from background.queue import enqueue_with_change
from reporting import emails
from reporting.models import PendingNotice, Report

NOTICE_SECONDS = 5 * 60


def notify_of_addition(report: Report) -> None:
    """Count an addition to `report` (locked by the caller) in the notice waiting for it, or
    start one that goes out NOTICE_SECONDS from now."""
    if PendingNotice.objects.filter(report=report).update(additions=F("additions") + 1):
        return
    send_at = timezone.now() + timedelta(seconds=NOTICE_SECONDS)
    PendingNotice.objects.create(report=report, send_at=send_at)
    enqueue_with_change(notify_of_additions, report.pk, run_after=send_at)


@task()
def notify_of_additions(report_id: int) -> int:
    """Email the report takers the additions waiting for this report and forget them; returns how
    many were told (0 when nothing waits: the notice already went, or the report is gone)."""
    with transaction.atomic():
        pending = PendingNotice.objects.select_for_update().filter(report_id=report_id).first()
        if pending is None:
            return 0
        told = emails.notify_report_takers.call(report_id, "added", additions=pending.additions)
        pending.delete()
    return told

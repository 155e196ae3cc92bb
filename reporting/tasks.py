"""Reporting's scheduled jobs as background tasks (django-tasks): each command a timer starts
(`manage.py close_overdue_info_requests`, ...) queues one for the worker, so a job is retried like
any task and its outcome is in the admin. Each acts only on what is still due, so running it twice
does no harm. The tasks a workflow queues live beside the code they run: emails in
`reporting.emails`, viewing copies in `reporting.files`, PINs in `reporting.pins`, the report
takers' notice of additions in `reporting.notices`."""

from django_tasks import task

from reporting import records_export, retention, rollups, services


@task()
def close_overdue_info_requests() -> str:
    """Close reports whose request for information went unanswered, telling each resident."""
    closed = services.close_overdue_info_requests()
    return f"Closed {closed} report(s) waiting past their deadline."


@task()
def send_visit_reminders() -> str:
    """Remind residents of their visits the day before and a couple of hours before."""
    reminded = services.send_visit_reminders()
    return f"Queued {reminded} visit reminder(s)."


@task()
def clean_pending_uploads() -> str:
    """Delete expired sessions (with their drafts), abandoned uploads, old links and counters."""
    return services.clean_expired_drafts()


@task()
def apply_retention_schedule() -> list[str]:
    """Apply the records retention schedule; returns what was done, line by line."""
    return retention.apply_schedule()


@task()
def export_for_records() -> str:
    """Write the day's file for the police records system and remove the files past their time."""
    return records_export.run()


@task()
def refresh_daily_figures() -> str:
    """Count again the days whose reports changed, for the figures' daily roll-ups."""
    return f"Counted {rollups.refresh()} day(s) of figures again."

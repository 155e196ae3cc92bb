"""Reporting's background tasks (django-tasks): run by the worker, queued by `reporting.services`
after its transaction commits, or by the scheduled commands. Each is safe to run twice: an email
task sends one email, and each job acts only on what is still due. Their arguments are ids and
names, never what a resident or staff member typed: Supervisors read the queue, and the retention
schedule finds a report's tasks by its id (`reporting.retention.REPORT_TASKS`)."""

from django_tasks import task

from reporting import emails, files, ratelimit, retention, services
from reporting.models import Attachment, PendingUpload

# The residents' files a viewing copy is made for, by the name a task gives them.
STORED_FILES = {"upload": PendingUpload, "attachment": Attachment}


@task()
def tell_resident(report_id: int, template: str, **rows) -> bool:
    """One email, or text message, to a resident (`emails.tell_resident`)."""
    return emails.tell_resident(report_id, template, **rows)


@task()
def email_access_link(report_id: int | None) -> bool:
    """The look-up's email: a fresh link to the report the reference and email matched, if any,
    while the report's few look-up emails a day are not used up."""
    return (
        report_id is not None
        and ratelimit.allow_for_report(report_id, "link_email")
        and emails.tell_resident(report_id, "access_link")
    )


@task()
def notify_report_takers(report_id: int, notice: str) -> int:
    """Tell the report takers a report is new or its resident acted on it."""
    return emails.notify_report_takers(report_id, notice)


@task()
def make_viewing_copy(kind: str, pk: int) -> bool:
    """Make the viewing copy of a resident's picture: a draft's upload or a report's file."""
    stored_file = STORED_FILES[kind].objects.filter(pk=pk).first()
    return stored_file is not None and files.add_viewing_copy(stored_file)


@task()
def close_overdue_info_requests() -> str:
    """Close reports whose request for information went unanswered, telling each resident."""
    closed = services.close_overdue_info_requests()
    return f"Closed {closed} report(s) waiting past their deadline."


@task()
def clean_pending_uploads() -> str:
    """Delete expired sessions (with their drafts), abandoned uploads, old links and counters."""
    return services.clean_expired_drafts()


@task()
def apply_retention_schedule() -> list[str]:
    """Apply the records retention schedule; returns what was done, line by line."""
    return retention.apply_schedule()

from background.jobs import JobCommand
from reporting import tasks


class Command(JobCommand):
    help = (
        "Queue the deletion of expired sessions (with the drafts in them), uploads from drafts left "
        "for a day, expired access links and rate-limit counters (run hourly). Safe to run again."
    )
    task = tasks.clean_pending_uploads

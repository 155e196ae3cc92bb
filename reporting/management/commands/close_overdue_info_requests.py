from background.jobs import JobCommand
from reporting import tasks


class Command(JobCommand):
    help = "Queue the closing of reports whose request for more information went unanswered (run hourly)."
    task = tasks.close_overdue_info_requests

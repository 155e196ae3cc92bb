from background.jobs import JobCommand
from reporting import tasks


class Command(JobCommand):
    help = (
        "Queue the reminders of booked visits, the day before and two hours before, each once "
        "(run every ten minutes). Safe to run again."
    )
    task = tasks.send_visit_reminders

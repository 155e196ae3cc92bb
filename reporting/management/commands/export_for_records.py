from background.jobs import JobCommand
from reporting import tasks


class Command(JobCommand):
    help = "Queue the day's file for the police records system (run daily)."
    task = tasks.export_for_records

from background.jobs import JobCommand
from reporting import tasks


class Command(JobCommand):
    help = "Queue the recount of the days whose reports changed, for the daily figures (every 5 minutes)."
    task = tasks.refresh_daily_figures

from background.jobs import JobCommand
from pilots import tasks


class Command(JobCommand):
    help = "Queue the deletion of spreadsheet import previews not confirmed within two hours (run hourly)."
    task = tasks.clean_import_previews

from background.jobs import JobCommand
from reporting import retention, tasks


class Command(JobCommand):
    help = (
        "Queue the deletion of withdrawn and declined reports, and the removal of closed reports' "
        "contact details, once their retention periods have passed (run daily)."
    )
    task = tasks.apply_retention_schedule

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="say what would be done, change nothing")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            self.stdout.write("\n".join(retention.apply_schedule(dry_run=True)))
        else:
            super().handle(*args, **options)

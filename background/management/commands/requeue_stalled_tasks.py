from django.core.management.base import BaseCommand

from background.retries import requeue_stalled


class Command(BaseCommand):
    help = (
        "Queue again the tasks a stopped worker left running (for longer than TASKS_STALLED_MINUTES); "
        "those that have had all their tries fail, for Supervisors to see. It runs here rather than "
        "in the worker, since the worker may be the one that stopped."
    )

    def handle(self, *args, **options):
        queued, failed = requeue_stalled()
        self.stdout.write(
            f"Queued {queued} stalled task(s) again; {failed} had had all their tries and failed."
        )

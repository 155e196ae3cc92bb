"""The scheduled jobs' commands: cron (or the platform's scheduler) runs `manage.py <job>`, which
queues the job's task for the worker, so it is retried like any task and its outcome is in the
admin. With a backend that runs tasks at once (the tests), the command prints the outcome."""

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus
from django_tasks.base import Task


class JobCommand(BaseCommand):
    """A command that queues `task` and says so, or prints what it did when it ran at once."""

    task: Task

    def handle(self, *args, **options):
        result = self.task.enqueue()
        if result.status == TaskResultStatus.SUCCESSFUL:
            outcome = result.return_value
            self.stdout.write("\n".join(outcome) if isinstance(outcome, list) else outcome)
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError(result.errors[-1].traceback)
        else:
            self.stdout.write(f"Queued {self.task.name} as task {result.id}.")

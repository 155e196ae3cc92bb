"""Retries: django-tasks runs a task once; a task of the database backend that fails goes back in
the queue here, TASKS_RETRY_SECONDS later and twice as long after each further failure, until it
has been tried TASKS_MAX_ATTEMPTS times. Then it stays failed, with its error, where Supervisors
see it in the admin and can send it again (`retry_now`).

A worker that stops in the middle of a task (killed, out of memory, its server gone) leaves the
task running for ever: nothing in django-tasks takes it back. `requeue_stalled` does, for tasks
running longer than TASKS_STALLED_MINUTES, which no task of ours comes near."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus
from django_tasks_db.backend import TaskResult as DatabaseTaskResult
from django_tasks_db.models import DBTaskResult


def retry_delay(attempts: int) -> timedelta:
    """How long a task that has failed `attempts` times waits before its next try."""
    return timedelta(seconds=settings.TASKS_RETRY_SECONDS * 2 ** (attempts - 1))


def is_last_try(task_result: TaskResult) -> bool:
    """Whether a task that fails on this try stays failed: its tries are used up, or its backend
    never tries again (only the database backend's tasks come back here)."""
    return (
        not isinstance(task_result, DatabaseTaskResult) or task_result.attempts >= settings.TASKS_MAX_ATTEMPTS
    )


def retry_later(sender, task_result: TaskResult, **kwargs) -> None:
    """On `task_finished`: a failed task with tries left is queued again for later. Its error stays
    on the row until a try succeeds, so the admin shows why it is waiting."""
    if task_result.status != TaskResultStatus.FAILED or is_last_try(task_result):
        return
    DBTaskResult.objects.filter(id=task_result.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY,
        run_after=timezone.now() + retry_delay(task_result.attempts),
        finished_at=None,
    )


def retry_now(tasks: QuerySet[DBTaskResult]) -> int:
    """Queue these failed tasks to run again at once, with all their tries; returns how many."""
    return tasks.filter(status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None, worker_ids=[]
    )


class WorkerStopped(Exception):
    """The worker running a task stopped before the task finished."""


def requeue_stalled() -> tuple[int, int]:
    """Tasks running for longer than TASKS_STALLED_MINUTES go back in the queue, to run at once,
    or, when they have had all their tries, fail with WorkerStopped for Supervisors to see.
    Returns how many were queued again and how many failed."""
    cutoff = timezone.now() - timedelta(minutes=settings.TASKS_STALLED_MINUTES)
    queued = failed = 0
    with transaction.atomic():
        stalled = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
        for task in stalled.select_for_update(skip_locked=True):
            if len(task.worker_ids) >= settings.TASKS_MAX_ATTEMPTS:
                stopped = WorkerStopped(f"The worker stopped while running it (started {task.started_at}).")
                task.set_failed(stopped)
                failed += 1
            else:
                task.status, task.run_after = TaskResultStatus.READY, timezone.now()
                task.save(update_fields=["status", "run_after"])
                queued += 1
    return queued, failed

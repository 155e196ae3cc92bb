"""Queueing a task with the change it is about."""

from datetime import datetime

from django.db import transaction
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend


def enqueue_with_change(task: Task, *args, run_after: datetime | None = None, **kwargs) -> None:
    """Queue `task` as part of the transaction that makes the change it is about, to run once
    the change is committed, or not before `run_after` when given.

    The database backend keeps its queue in our PostgreSQL, so the task's row is written in that
    transaction: the change and its task are saved together or not at all (a process that dies
    just after the commit loses no email), and a worker sees the task only once the change is
    committed. Any other backend, such as the tests' immediate one, gets the task once the
    transaction commits; one that cannot hold a task back (the immediate one) runs it then."""
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))

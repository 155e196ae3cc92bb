"""Pilots' background tasks (django-tasks), run by the worker."""

import datetime

from django_tasks import task

from pilots.services import discard_import_previews


@task()
def clean_import_previews() -> str:
    """Delete spreadsheet import previews not confirmed within two hours; safe to run twice."""
    removed = discard_import_previews(datetime.timedelta(hours=2))
    return f"Removed {removed} unconfirmed import preview(s)."

"""Workflows on programs that staff run from the admin."""

import datetime

from django.core.files.storage import storages
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pilots.models import MetricValue, Program, ProgressUpdate, ReviewRefused, StatusChange


@transaction.atomic
def change_status(program: Program, status: str, *, by, on: datetime.date | None = None) -> StatusChange:
    """Move a program to a new status, dated `on` (today by default), recording who did it."""
    change = StatusChange.objects.create(
        program=program, from_status=program.status, to_status=status, changed_by=by
    )
    program.status = status
    program.status_changed_on = on or timezone.localdate()
    program.save(update_fields=["status", "status_changed_on", "updated_at"])
    return change


def publish_metric_values(values: QuerySet[MetricValue], *, by) -> int:
    """Publish the draft values among `values` at once, recording who published them; returns
    how many. Imported values wait as drafts until this (resources.MetricValueResource)."""
    return values.drafts().publish_now(published_by=by)


@transaction.atomic
def publish_update(update: ProgressUpdate, *, by) -> ProgressUpdate:
    """Review and publish a progress update: `by` must hold the permission to publish (OPI staff)
    and must not be its author. It appears from its publish time, or at once if that has passed."""
    if not by.has_perm("pilots.publish_progressupdate"):
        raise ReviewRefused(_("Only OPI staff may review and publish progress updates."))
    if by.pk == update.author_id:
        raise ReviewRefused(_("Another OPI member must review this update: you wrote it."))
    now = timezone.now()
    update.reviewed_by = by
    update.reviewed_at = now
    update.is_published = True
    update.publish_at = max(update.publish_at, now)
    update.save(update_fields=["reviewed_by", "reviewed_at", "is_published", "publish_at", "updated_at"])
    return update


def withdraw_update(update: ProgressUpdate) -> ProgressUpdate:
    """Take a progress update off the public site and forget its review: published again, it
    needs a new one (the admin does this when a reviewed update is edited)."""
    update.reviewed_by = None
    update.reviewed_at = None
    update.is_published = False
    update.save(update_fields=["reviewed_by", "reviewed_at", "is_published", "updated_at"])
    return update


# Where import-export's MediaStorage keeps a previewed file until the import is confirmed.
IMPORT_PREVIEW_FOLDER = "django-import-export"


def discard_import_previews(older_than: datetime.timedelta) -> int:
    """Delete previewed import files left unconfirmed for longer than that; return how many."""
    storage = storages["import_export"]
    try:
        _folders, names = storage.listdir(IMPORT_PREVIEW_FOLDER)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    for name in names:
        path = f"{IMPORT_PREVIEW_FOLDER}/{name}"
        if storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            removed += 1
    return removed

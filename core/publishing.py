"""Drafts, schedules and previews: one mechanism for every kind of public content.

A publishable row is public once it is marked published and its publish time has come
(`PublishedQuerySet.published`); marked with a time ahead, it is scheduled. Every public page
reads content through `published()`, so a preview (`previewing`) widens exactly that filter, for
the rows it shows, while it renders, and nothing else changes: the page drawn is the public page
as it would look with them published. docs/decisions/publishing.md says why.
"""

import contextlib
import contextvars
import datetime
from collections.abc import Iterator

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The rows a preview shows as if published, per model; None outside a preview.
_previewed: contextvars.ContextVar[dict[type[models.Model], Q] | None] = contextvars.ContextVar(
    "previewed", default=None
)


@contextlib.contextmanager
def previewing(rows: dict[type[models.Model], Q]) -> Iterator[None]:
    """While the block runs, `published()` of each model also returns the rows its Q selects."""
    shown = dict(_previewed.get() or {})
    for model, selected in rows.items():
        shown[model] = shown[model] | selected if model in shown else selected
    token = _previewed.set(shown)
    try:
        yield
    finally:
        _previewed.reset(token)


def is_previewing() -> bool:
    """Whether a preview is being drawn: what is drawn then must never be cached."""
    return bool(_previewed.get())


class PublishedQuerySet(models.QuerySet):
    """What the public sees of a kind of content, and what is scheduled for it."""

    def published(self, now: datetime.datetime | None = None):
        """Published, and their publish time has come (and, in a preview, the rows previewed)."""
        public = Q(is_published=True, publish_at__lte=now or timezone.now())
        previewed = (_previewed.get() or {}).get(self.model)
        return self.filter(public if previewed is None else public | previewed)

    def scheduled(self, now: datetime.datetime | None = None):
        """Marked for publishing, with their publish time still ahead."""
        return self.filter(is_published=True, publish_at__gt=now or timezone.now())

    def drafts(self):
        """Not marked for publishing."""
        return self.filter(is_published=False)

    def publish_now(self, **fields) -> int:
        """Publish the rows at once, scheduled ones included, setting `fields` too (who published
        them, say); returns how many changed."""
        now = timezone.now()
        return self.exclude(is_published=True, publish_at__lte=now).update(
            is_published=True, publish_at=now, **self._stamped(now), **fields
        )

    def unpublish(self) -> int:
        """Take the rows off the public site; returns how many changed."""
        return self.filter(is_published=True).update(is_published=False, **self._stamped(timezone.now()))

    def _stamped(self, now: datetime.datetime) -> dict:
        # A queryset update skips auto_now; the kinds that keep an update time get it here.
        fields = {field.name for field in self.model._meta.concrete_fields}
        return {"updated_at": now} if "updated_at" in fields else {}


def published_field(*, default: bool) -> models.BooleanField:
    """The "published" box; ticked by default for the kinds that went public on saving before
    drafts existed (docs/decisions/publishing.md)."""
    return models.BooleanField(
        _("published"),
        default=default,
        help_text=_("Untick it to keep this a draft: staff can preview it, the public cannot see it."),
    )


class Publishable(models.Model):
    """Public content with a draft state and a publish time. Subclasses name the public page they
    appear on (`get_absolute_url`), which the staff preview draws."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    is_published = published_field(default=False)
    # Blank allowed in forms so that a form without it publishes at once (clean fills it in).
    publish_at = models.DateTimeField(
        _("publish from"),
        default=timezone.now,
        blank=True,
        help_text=_("Once published, it appears on the public site from this time on; left empty, at once."),
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.publish_at is None:
            self.publish_at = timezone.now()

    def state(self, now: datetime.datetime | None = None) -> str:
        """Draft, scheduled or published, as the public site stands at `now`."""
        if not self.is_published:
            return self.State.DRAFT
        if self.publish_at > (now or timezone.now()):
            return self.State.SCHEDULED
        return self.State.PUBLISHED

    def preview_rows(self) -> dict[type[models.Model], Q]:
        """The rows a preview of this one shows as if published: itself, by default."""
        return {type(self): Q(pk=self.pk)}


def publishable_models() -> list[type[Publishable]]:
    """Every kind of publishable content, found among the installed models."""
    return [model for model in apps.get_models() if issubclass(model, Publishable)]

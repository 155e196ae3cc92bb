"""Residents' files: checked uploads kept privately, on a report or on an unfinished draft."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.models.reports import Report


def private_path(folder: str, filename: str) -> str:
    # Stored names never carry the resident's file name; the extension follows the sniffed type.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"reporting/{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def original_upload_path(instance, filename):
    return private_path("originals", filename)


def viewing_copy_path(instance, filename):
    return private_path("viewing", filename)


class StoredFile(models.Model):
    """A checked upload: the untouched original with its hash, and a clean copy for viewing."""

    class ContentType(models.TextChoices):
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"
        HEIC = "image/heic", "HEIC"
        PDF = "application/pdf", "PDF"

    original = models.FileField(_("original file"), upload_to=original_upload_path, max_length=200)
    original_name = models.CharField(_("file name given"), max_length=200)
    sha256 = models.CharField(_("SHA-256 of the original"), max_length=64)
    content_type = models.CharField(_("type"), max_length=20, choices=ContentType.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    viewing_copy = models.FileField(
        _("viewing copy"),
        upload_to=viewing_copy_path,
        max_length=200,
        blank=True,
        help_text=_("Images only: re-encoded without EXIF or location data."),
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    def delete_files(self) -> None:
        for field in (self.original, self.viewing_copy):
            if field:
                field.storage.delete(field.name)


class Attachment(StoredFile):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments"
    )
    added_later = models.BooleanField(_("added after submission"), default=False)

    class Meta:
        verbose_name = _("photo or document")
        verbose_name_plural = _("photos and documents")
        ordering = ["created_at", "id"]


class PendingUploadQuerySet(models.QuerySet):
    def abandoned(self, idle_for):
        """Uploads whose draft has not been saved for `idle_for`."""
        return self.filter(active_at__lt=timezone.now() - idle_for)


class PendingUpload(StoredFile):
    """A file a resident uploaded in the form before submitting; tied to their draft, not a report."""

    draft = models.CharField(max_length=32, db_index=True, editable=False)
    # When the draft was last saved; the draft marks its uploads at every step.
    active_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PendingUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("pending upload")
        verbose_name_plural = _("pending uploads")
        ordering = ["created_at", "id"]
        indexes = [
            # Finding abandoned uploads.
            models.Index(fields=["active_at"], name="reporting_pending_active_idx"),
        ]

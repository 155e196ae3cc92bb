"""The daily files for the police records system (`reporting.records_export`) and which reports
each carried. The tracking rows hold no personal data, only a fingerprint of what was sent, and
go with their report when the retention schedule deletes it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.models.reports import Report
from reporting.models.uploads import private_path


def records_file_path(instance, filename):
    return private_path("records-exports", filename)


class RecordsExport(models.Model):
    """One run of the daily export: its file, kept privately until `removed_at`, and its counts."""

    file = models.FileField(_("file"), upload_to=records_file_path, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    report_count = models.PositiveIntegerField(_("reports"))
    row_count = models.PositiveIntegerField(_("rows"))
    created_at = models.DateTimeField(_("made at"), default=timezone.now, editable=False)
    removed_at = models.DateTimeField(
        _("file removed at"),
        null=True,
        blank=True,
        help_text=_("Files are kept for a limited time; the counts and the list of reports stay."),
    )

    class Meta:
        verbose_name = _("file for the police records system")
        verbose_name_plural = _("files for the police records system")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("download_recordsexport", "Can download the files for the police records system"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | models.Q(removed_at__isnull=False),
                name="reporting_recordsexport_file_until_removed",
            ),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M}"


class RecordsExportReport(models.Model):
    """A report carried by a daily file, with a fingerprint of the rows it had there: the report
    goes again only once its rows differ from those last sent."""

    records_export = models.ForeignKey(
        RecordsExport,
        verbose_name=_("file for the police records system"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="records_exports"
    )
    fingerprint = models.CharField(_("fingerprint of the rows sent"), max_length=64)
    is_update = models.BooleanField(_("sent before"))

    class Meta:
        verbose_name = _("report sent to the police records system")
        verbose_name_plural = _("reports sent to the police records system")
        constraints = [
            models.UniqueConstraint(
                fields=["records_export", "report"], name="reporting_recordsexportreport_once_per_file"
            ),
        ]
        indexes = [
            # The fingerprint a report was last sent with (reporting.records_export.candidates).
            models.Index(fields=["report", "-records_export"], name="reporting_recordsexp_last_idx"),
        ]

    def __str__(self):
        return f"{self.records_export} {self.report_id}"

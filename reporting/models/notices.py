"""Notices to the report takers that wait a few minutes, so a burst of additions is one email."""

from django.db import models

from reporting.models.reports import Report


class PendingNotice(models.Model):
    """The report takers' notice of a resident's additions to a report, waiting until `send_at`:
    each addition before then joins it, and the row goes when its email is sent
    (`reporting.notices`). In the database, so every app server and worker sees the same one."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="pending_notices")
    send_at = models.DateTimeField()
    additions = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report"], name="reporting_pendingnotice_one_per_report"),
        ]

    def __str__(self):
        return f"{self.report_id}: {self.additions} addition(s) at {self.send_at}"

"""What the statistics keep of reports deleted under the retention schedule."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from reporting.models.follow_up import FollowUpFigures
from reporting.models.reports import Report


class RetiredReport(FollowUpFigures, models.Model):
    """A deleted report, reduced to the fields `reporting.aggregates` counts: no reference, no
    name, address, narrative, item or file, so nothing in it leads back to a person."""

    channel = models.CharField(_("channel"), max_length=10, choices=Report.Channel.choices)
    status = models.CharField(_("status"), max_length=12, choices=Report.Status.choices)
    follow_up = models.CharField(_("follow-up wanted"), max_length=10, choices=Report.FollowUp.choices)
    created_at = models.DateTimeField(_("submitted at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    has_case_number = models.BooleanField(_("was given a case number"), default=False)
    # The optional answers, counted only in suppressed totals like a live report's.
    age_range = models.CharField(_("age"), max_length=16, choices=Report.AgeRange.choices, blank=True)
    race_ethnicity = models.CharField(
        _("race or ethnicity"), max_length=16, choices=Report.RaceEthnicity.choices, blank=True
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Report.Gender.choices, blank=True)
    # Blank for the reports deleted before the language was kept.
    language = models.CharField(
        _("preferred language"), max_length=5, choices=Report._meta.get_field("language").choices, blank=True
    )
    ward = models.PositiveSmallIntegerField(_("ward"), null=True, blank=True)

    class Meta:
        verbose_name = _("deleted report's figures")
        verbose_name_plural = _("deleted reports' figures")

    def __str__(self):
        return f"{self.get_status_display()} {self.created_at:%Y-%m-%d}"


class ReportFigures(models.Model):
    """Every report ever filed, as the aggregate figures see it: the live reports and the
    deleted ones together, read from the database view `reporting_reportfigures` (migration
    0030), so deleting a report under the retention schedule changes no published figure."""

    channel = models.CharField(max_length=10, choices=Report.Channel.choices)
    status = models.CharField(max_length=12, choices=Report.Status.choices)
    follow_up = models.CharField(max_length=10, choices=Report.FollowUp.choices)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True)
    has_case_number = models.BooleanField()
    age_range = models.CharField(max_length=16, choices=Report.AgeRange.choices)
    race_ethnicity = models.CharField(max_length=16, choices=Report.RaceEthnicity.choices)
    gender = models.CharField(max_length=16, choices=Report.Gender.choices)
    language = models.CharField(max_length=5)
    visited_at = models.DateTimeField(null=True)
    visit_site = models.ForeignKey("Site", on_delete=models.DO_NOTHING, null=True, related_name="+")
    call_answered = models.BooleanField()
    visits_not_kept = models.PositiveSmallIntegerField()
    staff_minutes = models.PositiveIntegerField(null=True)
    # The ward of the address the report was matched to; None while it is not matched.
    ward = models.PositiveSmallIntegerField(null=True)

    class Meta:
        managed = False
        db_table = "reporting_reportfigures"

    def __str__(self):
        return f"{self.get_status_display()} {self.created_at:%Y-%m-%d}"

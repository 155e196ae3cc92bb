"""The R4 figures summed per local day of submission (`reporting.rollups` keeps and reads them), so
the pages add up a year of days rather than every report ever filed."""

from django.db import models
from django.db.models.functions import Now

# What a day's figures are counted by besides all reports: the choice lists, the ward, the site
# of the visit held, and every breakdown of `reporting.demographics.DIMENSIONS`.
DIMENSION_LENGTH = 20


class DailyFigures(models.Model):
    """The reports submitted on one day, in one group (`dimension` "" for all of them): how many,
    how each stands (`aggregates.Decision`), how many got the follow-up they chose, and the visits
    the resident was not there for."""

    day = models.DateField()
    dimension = models.CharField(max_length=DIMENSION_LENGTH, blank=True)
    category = models.CharField(max_length=DIMENSION_LENGTH, blank=True)
    reports = models.PositiveIntegerField()
    accepted = models.PositiveIntegerField()
    referred = models.PositiveIntegerField()
    declined = models.PositiveIntegerField()
    withdrawn = models.PositiveIntegerField()
    closed = models.PositiveIntegerField()
    waiting = models.PositiveIntegerField()
    follow_up_given = models.PositiveIntegerField()
    visits_not_kept = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Also the index the pages' sums over a range of days read.
            models.UniqueConstraint(
                fields=["day", "dimension", "category"], name="reporting_dailyfigures_one_per_group"
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.dimension}={self.category}: {self.reports}"


class DailyDurations(models.Model):
    """How many of one day's reports in one group took `bucket` to a figure: whole hours to a
    decision or to a visit held, minutes of staff time; the percentiles are read from these."""

    day = models.DateField()
    figure = models.CharField(max_length=20)
    dimension = models.CharField(max_length=DIMENSION_LENGTH, blank=True)
    category = models.CharField(max_length=DIMENSION_LENGTH, blank=True)
    bucket = models.IntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Also the index the pages' sums over a range of days read.
            models.UniqueConstraint(
                fields=["day", "figure", "dimension", "category", "bucket"],
                name="reporting_dailydurations_one_per_bucket",
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.figure} {self.dimension}={self.category} {self.bucket}: {self.count}"


class StaleDay(models.Model):
    """A day whose reports changed since its roll-ups were counted: database triggers mark it
    (migration 0035), the pages count it from the reports, `rollups.refresh` counts it again."""

    day = models.DateField(primary_key=True)
    marked_at = models.DateTimeField(db_default=Now())

    def __str__(self):
        return str(self.day)

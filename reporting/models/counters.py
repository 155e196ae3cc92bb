"""Shared counters and settings: screening exits, workflow settings."""

from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScreeningExit(models.Model):
    """How many residents the screening sent elsewhere, per exit and day. No personal data."""

    class Exit(models.TextChoices):
        DANGER = "danger", _("Danger or happening now: 911")
        INJURY = "injury", _("Someone hurt: 911")
        WEAPON = "weapon", _("Weapon involved or stolen: police")
        SUSPECT = "suspect", _("Known suspect: police")
        OUTSIDE = "outside", _("Outside Minneapolis: local agency")
        VEHICLE = "vehicle", _("Stolen vehicle: police")
        PARKING = "parking", _("Parking problem: 311 or Traffic Control")
        CITY_PROPERTY = "city_property", _("Damage to City property: 311")

    exit = models.CharField(_("exit"), max_length=16, choices=Exit.choices)
    date = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("residents sent"), default=0)

    class Meta:
        verbose_name = _("screening exit")
        verbose_name_plural = _("screening exits")
        ordering = ["-date", "exit"]
        constraints = [
            models.UniqueConstraint(fields=["exit", "date"], name="reporting_screeningexit_one_row_per_day"),
        ]

    def __str__(self):
        return f"{self.get_exit_display()} {self.date}: {self.count}"

    @classmethod
    def record(cls, exit: str) -> None:
        """Count one resident sent to `exit` today, safely under concurrent requests."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {cls._meta.db_table} (exit, date, count) VALUES (%s, %s, 1) "  # noqa: S608
                "ON CONFLICT (exit, date) DO UPDATE SET count = EXCLUDED.count + "
                f"{cls._meta.db_table}.count",
                [exit, timezone.localdate()],
            )


class WorkflowSettings(models.Model):
    """Settings staff may change without a deploy; there is exactly one row."""

    info_request_days = models.PositiveSmallIntegerField(
        _("days to wait for requested information"),
        default=14,
        help_text=_("After this many days without an answer the report closes itself."),
    )
    first_review_days = models.PositiveSmallIntegerField(
        _("working days to a first review"),
        default=2,
        help_text=_(
            "A new report waiting longer than this many working days (Monday to Friday) is shown "
            "as past its target time on the staff dashboard."
        ),
    )
    visit_minutes = models.PositiveSmallIntegerField(
        _("minutes of a booked visit"),
        default=45,
        help_text=_("The length of each free time offered for a visit."),
    )
    travel_minutes = models.PositiveSmallIntegerField(
        _("travel minutes around a home visit"),
        default=30,
        help_text=_("No other visit of the same staff member is offered this close to a home visit."),
    )

    class Meta:
        verbose_name = _("workflow settings")
        verbose_name_plural = _("workflow settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="reporting_workflowsettings_single_row"),
            models.CheckConstraint(
                condition=Q(info_request_days__gte=1) & Q(info_request_days__lte=90),
                name="reporting_workflowsettings_days_in_range",
            ),
            models.CheckConstraint(
                condition=Q(first_review_days__gte=1) & Q(first_review_days__lte=30),
                name="reporting_workflowsettings_review_days_in_range",
            ),
            models.CheckConstraint(
                condition=Q(visit_minutes__gte=15) & Q(visit_minutes__lte=240),
                name="reporting_workflowsettings_visit_minutes_in_range",
            ),
            models.CheckConstraint(
                condition=Q(travel_minutes__lte=180),
                name="reporting_workflowsettings_travel_minutes_in_range",
            ),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "WorkflowSettings":
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row

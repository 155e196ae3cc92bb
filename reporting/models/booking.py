"""What a resident's own booking of a visit needs beyond the visit: the free time held while
they finish the form, and the single-use link a text message gives to the visit's calendar file."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.models.reports import SingleUseLink

# How long a free time chosen in the form stays the resident's while they finish it.
HOLD_LIFETIME = timedelta(minutes=15)
# How long a texted link to a visit's calendar file works.
CALENDAR_LINK_LIFETIME = timedelta(days=14)


class VisitHoldQuerySet(models.QuerySet):
    def current(self, now=None):
        return self.filter(expires_at__gt=now or timezone.now())


class VisitHold(models.Model):
    """A free time chosen in a draft of the report form: one per draft, kept from others for
    HOLD_LIFETIME (`reporting.slots`), booked when the report is sent."""

    draft_id = models.CharField(max_length=32, unique=True, editable=False)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey("Site", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    date = models.DateField()
    window_start = models.TimeField()
    window_end = models.TimeField()
    expires_at = models.DateTimeField()

    objects = VisitHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("time held for a report form")
        verbose_name_plural = _("times held for report forms")
        indexes = [models.Index(fields=["staff", "date"], name="reporting_visithold_staff_idx")]

    def __str__(self):
        return f"{self.date} {self.window_start:%H:%M}"


class CalendarLink(SingleUseLink):
    """A single-use link to a visit's calendar file, for a resident told by text message."""

    visit = models.ForeignKey("Visit", on_delete=models.CASCADE, related_name="calendar_links")

    class Meta(SingleUseLink.Meta):
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self):
        return f"{self.visit} ({self.expires_at:%Y-%m-%d})"

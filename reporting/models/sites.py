"""The City's sites where residents report in person and staff meet them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.publishing import Publishable, PublishedQuerySet, published_field
from core.translated import TranslatedContent


class SiteQuerySet(PublishedQuerySet):
    def listed(self):
        """The sites residents see: on the public list, in the help finder and in the report form."""
        return self.published().filter(active=True).order_by("order", "name")

    def with_walk_in_hours(self):
        """Each site with `walk_in_hours`: its walk-in times that hold today or later, once each
        (several staff members may keep the same ones), by day of the week."""
        today = timezone.localdate()
        return self.prefetch_related(
            models.Prefetch(
                "availability",
                queryset=Availability.objects.filter(kind=Availability.Kind.WALK_IN)
                .exclude(valid_until__lt=today)
                .order_by("weekday", "starts", "ends")
                .distinct("weekday", "starts", "ends"),
                to_attr="walk_in_hours",
            )
        )


class Site(TranslatedContent, Publishable):
    """A City site. The City's pages name none, so none is seeded; staff add them (`make run`'s
    demo data adds made-up ones, marked as such)."""

    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), help_text=_("One line per line of the address."))
    room = models.CharField(_("room or desk"), max_length=200, blank=True)
    hours = models.TextField(
        _("opening hours"), blank=True, help_text=_("One line per line, as residents read it.")
    )
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("In words, e.g. English, Somali and Spanish."),
    )
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free entrance, parking, restrooms, hearing loop: what a visitor needs to know."),
    )
    map_url = models.URLField(_("map link"), blank=True)
    active = models.BooleanField(
        _("listed"), default=True, help_text=_("Shown to residents and offered for visits.")
    )
    is_demo = models.BooleanField(
        _("made up for the demo"),
        default=False,
        editable=False,
        help_text=_("Added by the demo data; residents are told it is not a real site."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = published_field(default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("City site")
        verbose_name_plural = _("City sites")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        # The public site owns this URL; reporting names it without importing publicsite.
        return reverse("publicsite:city-sites")

    @property
    def address_lines(self) -> list[str]:
        return _lines(self.address)

    @property
    def hours_lines(self) -> list[str]:
        return _lines(self.hours)

    def one_line(self) -> str:
        """Name, address and room on one line, as a visit's place."""
        return ", ".join([self.name, *self.address_lines, *filter(None, [self.room])])


class Availability(models.Model):
    """When a staff member takes reports, each week: at a City site, where residents walk in or
    book a time, or at residents' homes, where they book one."""

    class Kind(models.TextChoices):
        BOOKED = "booked", _("Times residents book")
        WALK_IN = "walk_in", _("Walk-in hours")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="availability",
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("City site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="availability",
        help_text=_("Empty for visits at residents' homes."),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.BOOKED)
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    valid_from = models.DateField(_("first day"), default=timezone.localdate)
    valid_until = models.DateField(_("last day"), null=True, blank=True, help_text=_("Empty for no end."))

    class Meta:
        verbose_name = _("staff availability")
        verbose_name_plural = _("staff availability")
        ordering = ["weekday", "starts", "site"]
        permissions = [
            ("plan_for_others", "Can set every staff member's availability and see everyone's schedule"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="reporting_availability_ordered"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="reporting_availability_days_ordered",
            ),
            # Nobody walks in at a resident's home.
            models.CheckConstraint(
                condition=Q(site__isnull=False) | Q(kind="booked"), name="reporting_availability_home_booked"
            ),
        ]

    def __str__(self):
        place = self.site or _("Home visits")
        return f"{place}: {self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]

"""The City's sites where residents report in person and staff meet them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.translated import TranslatedContent


class SiteQuerySet(models.QuerySet):
    def listed(self):
        """The sites residents see: on the public list, in the help finder and in the report form."""
        return self.filter(active=True).order_by("order", "name")


class Site(TranslatedContent, models.Model):
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("City site")
        verbose_name_plural = _("City sites")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def address_lines(self) -> list[str]:
        return _lines(self.address)

    @property
    def hours_lines(self) -> list[str]:
        return _lines(self.hours)

    def one_line(self) -> str:
        """Name, address and room on one line, as a visit's place."""
        return ", ".join([self.name, *self.address_lines, *filter(None, [self.room])])


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]

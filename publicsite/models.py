"""Content of the public site that OPI staff edit: glossary, resources, offices and the help finder.

The programs, timeline, Council updates and metrics belong to the `pilots` app; this app only
reads them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.publishing import Publishable, PublishedQuerySet, published_field
from core.translated import TranslatedContent


class GlossaryTermQuerySet(PublishedQuerySet):
    def alphabetical(self):
        """Terms in the order readers scan a glossary: by term, case-insensitively."""
        return self.order_by(models.functions.Lower("term"))


class GlossaryTerm(TranslatedContent, Publishable):
    term = models.CharField(_("term"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("Used as the term's anchor."))
    definition = models.TextField(_("definition"))
    is_published = published_field(default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]

    def __str__(self):
        return self.term

    def get_absolute_url(self) -> str:
        return f"{reverse('publicsite:glossary')}#{self.slug}"


class ResourceQuerySet(PublishedQuerySet):
    def newest_first(self):
        return self.order_by("-published_on", "title")


class Resource(TranslatedContent, Publishable):
    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        STUDY = "study", _("Study")
        PRESS = "press", _("Press article")
        PLAN = "plan", _("Plan or policy")
        VIDEO = "video", _("Video")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    published_on = models.DateField(_("published on"))
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    url = models.URLField(_("link"), blank=True, help_text=_("Leave empty when the resource is not online."))
    is_published = published_field(default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-published_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publicsite:resources")


class Office(TranslatedContent, Publishable):
    """A place residents can call or visit; shown on the contact page and in the help finder."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it does"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, help_text=_("As residents dial it, e.g. 311 or 612-673-2482.")
    )
    address = models.TextField(_("address"), blank=True, help_text=_("One line per line of the address."))
    hours = models.CharField(_("hours"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = published_field(default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("publicsite:contact")

    @property
    def phone_href(self) -> str:
        """A tel: link; local ten-digit numbers get the country code so phones dial them anywhere."""
        digits = "".join(character for character in self.phone if character.isdigit())
        return f"tel:+1{digits}" if len(digits) == 10 else f"tel:{digits}"

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]


class HelpDestinationQuerySet(models.QuerySet):
    def with_published_office(self):
        """Each destination with its office only while the office is published: a draft office's
        phone number and hours stay off the site (the card then ends without them)."""
        return self.prefetch_related(models.Prefetch("office", queryset=Office.objects.published()))

    def in_situation_order(self):
        """Most urgent situation first (the order of HelpDestination.Situation), then staff's order."""
        rank = models.Case(
            *(
                models.When(situation=value, then=models.Value(position))
                for position, value in enumerate(HelpDestination.Situation.values)
            ),
            output_field=models.IntegerField(),
        )
        return self.with_published_office().order_by(rank, "order", "pk")


class HelpDestination(TranslatedContent, models.Model):
    """Where the help finder sends a resident in one situation; a situation can have several."""

    class Situation(models.TextChoices):
        DANGER = "danger", _("Someone is in danger or it is happening now")
        CRISIS = "crisis", _("A mental-health or behavioral-health crisis")
        PROPERTY = "property", _("Theft or property damage that is over")
        PARKING = "parking", _("A parking problem")
        OTHER = "other", _("Something else to report, with no danger")

    situation = models.CharField(_("situation"), max_length=20, choices=Situation.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happens"))
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Its phone number and hours end this destination's card, so choose one with a phone."),
    )
    url = models.URLField(
        _("link"),
        blank=True,
        help_text=_(
            "The service's own page, such as the County's page about its crisis team; the card links to "
            "it. Only an address the service publishes."
        ),
    )
    online_report = models.BooleanField(
        _("links to the online report"),
        default=False,
        help_text=_("Shows a link to the City's online theft and damage report form."),
    )
    city_sites = models.BooleanField(
        _("lists the City sites"),
        default=False,
        help_text=_("Lists the City sites where residents report in person (kept under Reporting)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HelpDestinationQuerySet.as_manager()

    class Meta:
        verbose_name = _("help finder destination")
        verbose_name_plural = _("help finder destinations")
        ordering = ["situation", "order", "pk"]

    def __str__(self):
        return f"{self.get_situation_display()}: {self.title}"

    def clean(self):
        # Every card ends with a way to reach the help, even one that sends residents online: a
        # number to call, or the page of a service whose number the City does not publish.
        if not (self.office and self.office.phone) and not self.url:
            raise ValidationError(
                {
                    "office": _(
                        "Choose an office with a phone number, or give the service's link: every card "
                        "ends with a way to reach it."
                    )
                }
            )


class PopulationShare(models.Model):
    """A group's share of the city's population, shown beside a metric's breakdown by that group."""

    dimension = models.CharField(
        _("breakdown"), max_length=60, help_text=_("As the metric values name it, such as race.")
    )
    category = models.CharField(_("group"), max_length=100, help_text=_("As the metric values name it."))
    percent = models.DecimalField(_("share of the population (%)"), max_digits=4, decimal_places=1)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("population share")
        verbose_name_plural = _("population shares")
        ordering = ["dimension", "category"]
        # OPI's dashboard in the admin, where figures meet these shares (publicsite.admin_views).
        permissions = [("view_pilot_dashboard", "Can see the pilot evaluation dashboard")]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "category"], name="publicsite_populationshare_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100),
                name="publicsite_populationshare_percent",
            ),
        ]

    def __str__(self):
        return f"{self.dimension}: {self.category} ({self.percent}%)"


class ContentVersion(models.Model):
    """One row whose number changes whenever public content changes (see publicsite/cache.py).

    A database trigger bumps it in the same transaction as the change, so every app server sees
    the new number exactly when it sees the new content.
    """

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return str(self.version)


class NothingToReview(Exception):
    """A translation without text cannot be reviewed: it is written on the content's page first."""


class TranslationStatusQuerySet(models.QuerySet):
    def with_state(self):
        """Each row's state (TranslationStatus.State, or "" when nothing waits) and `since`, when
        the English or the translation last changed."""
        older_than_english = models.Q(
            has_text=True,
            english_changed_at__isnull=False,
        ) & (models.Q(confirmed_at__isnull=True) | models.Q(english_changed_at__gt=models.F("confirmed_at")))
        unreviewed = models.Q(has_text=True, translated_at__isnull=False) & (
            models.Q(reviewed_at__isnull=True) | models.Q(translated_at__gt=models.F("reviewed_at"))
        )
        State = TranslationStatus.State
        return self.annotate(
            confirmed_at=Greatest("translated_at", "reviewed_at"),
            since=Greatest("english_changed_at", "translated_at"),
        ).annotate(
            state=models.Case(
                models.When(has_text=False, then=models.Value(State.MISSING)),
                models.When(older_than_english, then=models.Value(State.OLDER)),
                models.When(unreviewed, then=models.Value(State.UNREVIEWED)),
                default=models.Value(""),
                output_field=models.CharField(),
            )
        )

    def waiting(self):
        """What a translator has to do: missing, older than the English, or saved and not reviewed."""
        return self.with_state().exclude(state="")


class TranslationStatus(models.Model):
    """Where the translation of one field of one object into one language stands.

    A database trigger on every table with translated fields keeps these rows (translation_queue.py):
    there is one for each field with English text and each other language, stamped when the
    English or the translation changes, whatever made the change. Staff add only the review."""

    class State(models.TextChoices):
        MISSING = "missing", _("Not translated")
        OLDER = "older", _("Older than the English")
        UNREVIEWED = "unreviewed", _("Saved, not reviewed")

    content_table = models.CharField(_("table"), max_length=63)
    object_id = models.BigIntegerField(_("object"))
    field = models.CharField(_("field"), max_length=63)
    language = models.CharField(_("language"), max_length=8)
    english = models.TextField(_("English text"), help_text=_("Its first 200 characters."))
    has_text = models.BooleanField(_("has a translation"))
    english_changed_at = models.DateTimeField(
        _("English changed"), null=True, help_text=_("Empty when unchanged since the queue began.")
    )
    translated_at = models.DateTimeField(
        _("translation saved"), null=True, help_text=_("Empty when unchanged since the queue began.")
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = TranslationStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        default_permissions = ("view",)
        permissions = [("review_translation", "Can mark a translation reviewed")]
        constraints = [
            # Also the index of the trigger's upsert.
            models.UniqueConstraint(
                fields=["content_table", "object_id", "field", "language"],
                name="publicsite_translationstatus_one_per_field",
            )
        ]

    def __str__(self):
        return f"{self.content_table} {self.object_id} {self.field} ({self.language})"

    @property
    def state_label(self) -> str:
        """The name of the state, on a row read with_state()."""
        return self.State(self.state).label if self.state else ""

    def mark_reviewed(self, by) -> None:
        """Record that `by` found the translation right for the English as it is now: it then
        counts as saved in its language (docs/decisions/translation-queue.md)."""
        # One statement, so a translation emptied meanwhile is not marked; the database's clock,
        # as the trigger stamps changes with it.
        marked = TranslationStatus.objects.filter(pk=self.pk, has_text=True).update(
            reviewed_at=models.Func(function="clock_timestamp", output_field=models.DateTimeField()),
            reviewed_by=by,
        )
        if not marked:
            raise NothingToReview

"""Pilot programs and everything the public reads about them: phases, goals, partners, the
timeline, Council updates, and the metrics that measure each program."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.publishing import Publishable, PublishedQuerySet, published_field
from core.translated import TranslatedContent


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    # For what the City's pages date only by year, such as the 2021 legislative session.
    YEAR = "year", _("Year")


class Partner(TranslatedContent, models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("City department")
        COUNTY = "county", _("County")
        STATE = "state", _("State")
        COMMUNITY = "community", _("Community provider")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("An abbreviation such as MPD or 311.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Program(TranslatedContent, Publishable):
    class Category(models.TextChoices):
        BEHAVIORAL_HEALTH = "behavioral-health", _("Behavioral health response")
        REPORTING = "reporting", _("Reporting alternatives")
        COMMUNITY_SAFETY = "community-safety", _("Community safety")

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        SUPPORT = "support", _("Support")

    class Kind(models.TextChoices):
        PILOT = "pilot", _("Pilot")
        IMPLEMENTATION = "implementation", _("Implementation")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        EVALUATING = "evaluating", _("Being evaluated")
        COMPLETED = "completed", _("Completed")
        ADOPTED = "adopted", _("Adopted")
        ENDED = "ended", _("Ended")

    code = models.CharField(
        _("code"),
        max_length=10,
        blank=True,
        help_text=_("The City's short code, such as MH1 or R4. Optional; unique when given."),
    )
    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    summary = models.CharField(_("short summary"), max_length=300)
    description = models.TextField(_("full description"), blank=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    opi_role = models.CharField(
        _("OPI role"),
        max_length=10,
        choices=Role.choices,
        blank=True,
        help_text=_("Whether the Office of Performance and Innovation leads or supports it."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PILOT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    status_changed_on = models.DateField(
        _("status since"), default=datetime.date.today, help_text=_("When the program reached its status.")
    )
    # Two flags, since the City may publish a status without its date (it marks MH1 "Active" and
    # says not since when): the public pages show an inferred status as expected, and no inferred date.
    status_is_inferred = models.BooleanField(
        _("status inferred"),
        default=False,
        help_text=_(
            "Ticked when the status was worked out rather than published by the City; the public site "
            "then calls it expected. Untick it once the City has published it."
        ),
    )
    status_date_is_inferred = models.BooleanField(
        _("status date inferred"),
        default=False,
        help_text=_(
            "Ticked when the status date was worked out rather than published by the City; the public "
            "site then does not show it. Untick it once the City has published it."
        ),
    )
    responders = models.TextField(_("who responds"), blank=True, help_text=_("The team and its make-up."))
    hours = models.CharField(_("hours"), max_length=200, blank=True)
    what_to_expect = models.TextField(_("what residents can expect"), blank=True)
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners"), related_name="programs", blank=True
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Programs are listed in this order.")
    )
    source_note = models.TextField(
        _("source note"), blank=True, help_text=_("Where the facts come from, or what was inferred.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["position", "name"]
        constraints = [
            # Codes are optional (Community Safety Ambassadors has none), unique when given.
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="pilots_program_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="pilots_program_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.name}" if self.code else self.name

    def get_absolute_url(self) -> str:
        # The public site owns this URL; pilots names it without importing publicsite.
        return reverse("publicsite:program", kwargs={"slug": self.slug})


def with_program(rows: dict, program_id: int | None) -> dict:
    """A preview's rows, and the program whose page shows them, so that a draft program's
    page can be previewed with its content."""
    return {**rows, Program: Q(pk=program_id)} if program_id else rows


class StatusChange(models.Model):
    """One change of a program's status, with who made it and when (see services.change_status)."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Program.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Program.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.program}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class ProgramPoint(TranslatedContent, models.Model):
    """An ordered line of a program's list (its goals or its benefits)."""

    text = models.CharField(_("text"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class Goal(ProgramPoint):
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="goals"
    )

    class Meta(ProgramPoint.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")


class Benefit(ProgramPoint):
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="benefits"
    )

    class Meta(ProgramPoint.Meta):
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")


class PhaseQuerySet(PublishedQuerySet):
    def initiative(self):
        """Phases of the whole initiative rather than of one program."""
        return self.filter(program__isnull=True)


class Phase(TranslatedContent, Publishable):
    class Kind(models.TextChoices):
        PLANNING = "planning", _("Planning")
        PILOT = "pilot", _("Pilot")
        ANALYSIS = "analysis", _("Analysis")
        REPORT = "report", _("Report to City Council")
        OTHER = "other", _("Other")

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="phases",
        null=True,
        blank=True,
        help_text=_("Leave empty for a phase of the whole initiative."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    is_published = published_field(default=True)

    objects = PhaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["starts_on", "ends_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="pilots_phase_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        # A program's phases show on its page, the initiative's on the timeline.
        return self.program.get_absolute_url() if self.program_id else reverse("publicsite:timeline")

    def preview_rows(self) -> dict:
        return with_program(super().preview_rows(), self.program_id)


class Milestone(TranslatedContent, Publishable):
    """An entry of the public timeline."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("City Council")
        CITY = "city", _("City")
        COUNTY = "county", _("County")
        STATE = "state", _("State")
        PROGRAM = "program", _("Program")

    occurred_on = models.DateField(
        _("date"),
        help_text=_(
            "For a month-precise entry, use the first day of the month; for a year-precise one, 1 January."
        ),
    )
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    programs = models.ManyToManyField(
        Program, verbose_name=_("programs"), related_name="milestones", blank=True
    )
    url = models.URLField(_("link"), blank=True)
    is_published = published_field(default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["occurred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_precision=DatePrecision.DAY) | Q(occurred_on__day=1),
                name="pilots_milestone_month_starts_on_first",
            ),
            models.CheckConstraint(
                condition=~Q(date_precision=DatePrecision.YEAR) | Q(occurred_on__month=1),
                name="pilots_milestone_year_starts_in_january",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('publicsite:timeline')}#milestone-{self.pk}"


def validate_pdf(upload) -> None:
    """Slides are PDF files, known by their first bytes rather than their name."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("Slides must be a PDF file, whatever the file's name says."))


class CouncilUpdate(TranslatedContent, Publishable):
    """A pilot progress update given to the City Council. Slides are public documents."""

    presented_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    record_url = models.URLField(_("legislative record link"), blank=True)
    slides = models.FileField(
        _("slides"),
        upload_to="council-updates/",
        blank=True,
        validators=[validate_pdf],
        help_text=_("A PDF file. The public downloads it from the update's page."),
    )
    council_report = models.FileField(
        _("report to the Council"),
        upload_to="council-updates/reports/",
        blank=True,
        validators=[validate_pdf],
        help_text=_(
            'A PDF file, usually made on the page "Report to the City Council". The public downloads it '
            "from the update's page."
        ),
    )
    programs = models.ManyToManyField(
        Program, verbose_name=_("programs"), related_name="council_updates", blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Council update")
        # Its own context: the public pages' heading "Council updates" is capitalised in every language.
        verbose_name_plural = pgettext_lazy("model name", "Council updates")
        ordering = ["-presented_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publicsite:update", kwargs={"pk": self.pk})

    @property
    def slides_extension(self) -> str:
        """The slides' file type as people know it (PDF, PPTX), for the link that offers them."""
        return self.slides.name.rsplit(".", 1)[-1].upper() if "." in self.slides.name else ""


class MetricQuerySet(models.QuerySet):
    def public(self, now: datetime.datetime | None = None):
        """Metrics marked public whose program is published."""
        return self.filter(is_public=True, program__in=Program.objects.published(now))


class Metric(TranslatedContent, models.Model):
    class Unit(models.TextChoices):
        COUNT = "count", _("Count")
        PEOPLE = "people", _("People")
        MINUTES = "minutes", _("Minutes")
        PERCENT = "percent", _("Percent")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="metrics"
    )
    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("The key used in import files, such as mh1-calls-answered."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.COUNT)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    suppression_threshold = models.PositiveIntegerField(
        _("small-number threshold"),
        default=0,
        help_text=_(
            "Counts from 1 up to and including this number are not shown publicly, to protect privacy. "
            "0 shows all."
        ),
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Made-up figures for local development; never real.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MetricQuerySet.as_manager()

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        # Its values show on its program's page (and on the data page).
        return self.program.get_absolute_url()

    def preview_rows(self) -> dict:
        """A metric's preview shows its draft values, on its program's page."""
        return with_program({MetricValue: Q(metric=self, is_published=False)}, self.program_id)


class MetricValueQuerySet(PublishedQuerySet):
    def set_values(self, changed: list["MetricValue"], *, imported_by=None) -> None:
        """Store the `value` of each given row in one statement, as a draft again, imported by
        `imported_by`. Django's bulk_update builds an expression per row, which costs more than
        the update itself for thousands of rows."""
        if not changed:
            return
        connection = connections[self.db]
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                # Only the table name is formatted in, and it comes from the model.
                f"UPDATE {table} AS stored SET value = given.value, updated_at = %s, "  # noqa: S608
                "is_published = false, imported_by_id = %s, published_by_id = NULL "
                "FROM unnest(%s::bigint[], %s::numeric[]) AS given(id, value) WHERE stored.id = given.id",
                [
                    timezone.now(),
                    getattr(imported_by, "pk", None),
                    [row.pk for row in changed],
                    [row.value for row in changed],
                ],
            )


class MetricValue(Publishable):
    """One figure of a metric for a period. Imported values are drafts until OPI publishes them
    (services.publish_metric_values); the two fields below say who did each."""

    metric = models.ForeignKey(
        Metric, verbose_name=_("metric"), on_delete=models.CASCADE, related_name="values"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    # Blank, never NULL, when there is no breakdown, so the unique constraint covers totals too.
    breakdown_dimension = models.CharField(
        _("breakdown"),
        max_length=60,
        blank=True,
        help_text=_("What the value is broken down by, such as race."),
    )
    breakdown_category = models.CharField(
        _("breakdown category"), max_length=100, blank=True, help_text=_("The group, such as Black.")
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MetricValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("metric value")
        verbose_name_plural = _("metric values")
        ordering = ["metric", "period_start", "breakdown_dimension", "breakdown_category"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period_start", "period_end", "breakdown_dimension", "breakdown_category"],
                name="pilots_metricvalue_unique_period_breakdown",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="pilots_metricvalue_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="pilots_metricvalue_not_negative"),
            models.CheckConstraint(
                condition=Q(breakdown_dimension="", breakdown_category="")
                | (~Q(breakdown_dimension="") & ~Q(breakdown_category="")),
                name="pilots_metricvalue_breakdown_complete",
            ),
        ]
        indexes = [
            # The drafts waiting per metric (the metrics' admin list, services.publish_metric_values).
            models.Index(
                fields=["metric"], condition=Q(is_published=False), name="pilots_metricvalue_drafts"
            ),
            # The next scheduled value, read by publicsite.cache.seconds_to_keep for every cached page.
            models.Index(
                fields=["publish_at"], condition=Q(is_published=True), name="pilots_metricvalue_publish_at"
            ),
        ]

    def __str__(self):
        return f"{self.metric_id} {self.period_start} to {self.period_end}: {self.value}"

    def get_absolute_url(self) -> str:
        return self.metric.get_absolute_url()

    def preview_rows(self) -> dict:
        return with_program(super().preview_rows(), self.metric.program_id)

    def natural_key(self) -> tuple:
        """What identifies a value in import files: metric, period and breakdown."""
        return (
            self.metric_id,
            self.period_start,
            self.period_end,
            self.breakdown_dimension,
            self.breakdown_category,
        )

"""The evaluation of a pilot: measures of its goals with a baseline and a target, progress
updates that a second OPI member reviews before they publish, and the recommendation of the
analysis phase. `publicsite.evaluation.program_evaluation` reads them with the figures."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.publishing import Publishable, PublishedQuerySet, published_field
from core.translated import TranslatedContent
from pilots.models.programs import Goal, Metric, Program, with_program
from surveys.models import Question


class Status(models.TextChoices):
    """How a measure, or a program in a progress update, is going."""

    ON_TRACK = "on-track", _("On track")
    AT_RISK = "at-risk", _("At risk")
    OFF_TRACK = "off-track", _("Off track")
    NOT_STARTED = "not-started", _("Not started")


class ReviewRefused(Exception):
    """A progress update cannot be published by this person (see services.publish_update)."""


class MeasureQuerySet(PublishedQuerySet):
    def public(self):
        """Published measures whose figure is public too (an imported metric may not be)."""
        return self.published().filter(Q(metric__isnull=True) | Q(metric__is_public=True))


class Measure(TranslatedContent, Publishable):
    """How one goal of a program is measured: a figure, where it started (the baseline), where it
    should be (the target) and by when (the due date).

    The figure is an imported metric, one of R4's figures computed from reports (those are counted
    by `reporting.aggregates` and joined in by `publicsite.evaluation`), or a survey question's
    answers (`surveys.services.question_figures`)."""

    class ReportFigure(models.TextChoices):
        REPORTS = "reports", _("Reports received")
        ACCEPTED_SHARE = "accepted-share", _("Share of reports accepted (%)")
        FOLLOW_UP_GIVEN_SHARE = (
            "follow-up-given-share",
            _("Share of residents given the follow-up they chose (%)"),
        )
        MEDIAN_DAYS_TO_DECISION = "median-days-to-decision", _("Median days from report to decision")

    class SurveyFigure(models.TextChoices):
        FAVOURABLE_SHARE = "favourable-share", _("Share answering agree or strongly agree, or yes (%)")
        MEAN = "mean", _("Mean answer (1 to 5, or 1 to 3 for yes, partly or no)")

    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(
        _("name"), max_length=200, help_text=_("What is measured, as the public reads it.")
    )
    metric = models.ForeignKey(
        Metric,
        verbose_name=_("imported metric"),
        on_delete=models.PROTECT,
        related_name="measures",
        null=True,
        blank=True,
        help_text=_(
            "The metric whose imported values measure the goal. Leave empty for a figure from reports."
        ),
    )
    report_figure = models.CharField(
        _("figure from reports"),
        max_length=30,
        choices=ReportFigure.choices,
        blank=True,
        help_text=_(
            "One of R4's figures, counted from the reports over the period shown. Leave empty for a metric."
        ),
    )
    survey_question = models.ForeignKey(
        Question,
        verbose_name=_("survey question"),
        on_delete=models.PROTECT,
        related_name="measures",
        null=True,
        blank=True,
        help_text=_("A survey question whose answers measure the goal, over the period shown."),
    )
    survey_figure = models.CharField(
        _("figure from the survey"),
        max_length=20,
        choices=SurveyFigure.choices,
        blank=True,
        help_text=_("What of the question's answers is the figure."),
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Metric.Direction.choices, default=Metric.Direction.HIGHER
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_start = models.DateField(_("baseline period start"))
    baseline_end = models.DateField(_("baseline period end"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    due_on = models.DateField(_("target due by"), help_text=_("The end of the period the target is for."))
    status_note = models.CharField(
        _("why"),
        max_length=300,
        blank=True,
        help_text=_("One line on why the measure stands where it does, shown beside its status."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # A new measure is a draft until OPI choose to show it.
    is_published = published_field(default=False)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Made-up figures for local development; never real.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["goal__position", "goal_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(metric__isnull=False) & Q(report_figure="") & Q(survey_question__isnull=True))
                | (Q(metric__isnull=True) & ~Q(report_figure="") & Q(survey_question__isnull=True))
                | (Q(metric__isnull=True) & Q(report_figure="") & Q(survey_question__isnull=False)),
                name="pilots_measure_one_figure",
                violation_error_message=_(
                    "Choose one figure: an imported metric, a figure from reports or a survey question."
                ),
            ),
            models.CheckConstraint(
                condition=Q(survey_question__isnull=True, survey_figure="")
                | (Q(survey_question__isnull=False) & ~Q(survey_figure="")),
                name="pilots_measure_survey_figure_with_question",
                violation_error_message=_("A survey question needs its figure, and a figure its question."),
            ),
            models.CheckConstraint(
                condition=Q(baseline_end__gte=F("baseline_start")),
                name="pilots_measure_baseline_ends_after_start",
                violation_error_message=_("The baseline period must end on or after its start."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gt=F("baseline_end")),
                name="pilots_measure_due_after_baseline",
                violation_error_message=_("The target must be due after the baseline period."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return self.goal.program.get_absolute_url()

    def preview_rows(self) -> dict:
        return with_program(super().preview_rows(), self.goal.program_id)

    def clean(self):
        super().clean()
        errors = {}
        if self.metric_id and self.goal_id and self.metric.program_id != self.goal.program_id:
            errors["metric"] = _("Choose a metric of the goal's program.")
        if self.survey_question_id and not self.survey_question.is_scored:
            errors["survey_question"] = _(
                "Choose a question answered on a scale: comments are never figures."
            )
        if self.baseline is not None and self.target is not None and self.gain(self.target) <= 0:
            errors["target"] = (
                _("With higher is better, the target must be above the baseline.")
                if self.direction == Metric.Direction.HIGHER
                else _("With lower is better, the target must be below the baseline.")
            )
        if errors:
            raise ValidationError(errors)

    def gain(self, value: Decimal) -> Decimal:
        """How far `value` is from the baseline in the better direction (negative: worse)."""
        change = Decimal(value) - self.baseline
        return change if self.direction == Metric.Direction.HIGHER else -change

    def status_for(
        self, value: Decimal | None, period_end: datetime.date | None, as_of: datetime.date
    ) -> str:
        """The measure's status with `value` its latest figure, for the period ending `period_end`,
        as it stands on `as_of`:

        - not started: no figure yet for a period that ends after the baseline period;
        - on track: the figure meets the target;
        - off track: the target is due by `as_of` (or by the figure's period) and not met, or the
          figure is no better than the baseline (it moves the wrong way, or not at all);
        - on track: it is moving toward the target at a pace that meets it by the due date, the
          pace being the gain since the baseline per day, from the end of the baseline period to
          the end of the figure's period;
        - at risk: it is moving toward the target, more slowly than that.
        """
        if value is None or period_end is None or period_end <= self.baseline_end:
            return Status.NOT_STARTED
        needed = self.gain(self.target)
        made = self.gain(value)
        if made >= needed:
            return Status.ON_TRACK
        if max(as_of, period_end) > self.due_on or made <= 0:
            return Status.OFF_TRACK
        days_so_far = (period_end - self.baseline_end).days
        days_in_all = (self.due_on - self.baseline_end).days
        if made * days_in_all >= needed * days_so_far:
            return Status.ON_TRACK
        return Status.AT_RISK


class ProgressUpdate(TranslatedContent, Publishable):
    """OPI's account of a program over one period: how it is going, and what changed and why.

    One OPI member writes it; another reviews and publishes it (services.publish_update). The
    database refuses a published update without a reviewer other than its author."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    narrative = models.TextField(_("how it went"))
    adjustments = models.TextField(
        _("what we changed and why"), blank=True, help_text=_("Adjustments made from what the pilot taught.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    publish_at = models.DateTimeField(
        _("publish from"),
        default=timezone.now,
        blank=True,
        help_text=_("Once reviewed, the update appears on the program's page from this time on."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-period_end", "-id"]
        permissions = [("publish_progressupdate", _("Can review and publish progress updates"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="pilots_progressupdate_ends_after_start",
                violation_error_message=_("The period must end on or after its start."),
            ),
            models.CheckConstraint(
                condition=Q(is_published=False)
                | (Q(reviewed_by__isnull=False) & ~Q(reviewed_by=F("author"))),
                name="pilots_progressupdate_reviewed_by_another",
            ),
        ]

    def __str__(self):
        return f"{self.program}: {self.period_start} to {self.period_end}"

    def get_absolute_url(self) -> str:
        return self.program.get_absolute_url()

    def preview_rows(self) -> dict:
        return with_program(super().preview_rows(), self.program_id)


class Recommendation(TranslatedContent, Publishable):
    """What the analysis phase found, and whether to continue, expand, change or end the program,
    with the reasons and the measures that are the evidence."""

    class Decision(models.TextChoices):
        # Their own context: Django's admin has its own "Change" and others, in other senses.
        CONTINUE = "continue", pgettext_lazy("recommendation", "Continue")
        EXPAND = "expand", pgettext_lazy("recommendation", "Expand")
        CHANGE = "change", pgettext_lazy("recommendation", "Change")
        END = "end", pgettext_lazy("recommendation", "End")

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="recommendations"
    )
    findings = models.TextField(_("findings"))
    decision = models.CharField(_("recommendation"), max_length=20, choices=Decision.choices)
    reasons = models.TextField(_("reasons"))
    evidence = models.ManyToManyField(
        Measure,
        verbose_name=_("evidence"),
        related_name="recommendations",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-publish_at", "-id"]

    def __str__(self):
        return f"{self.program}: {self.get_decision_display()}"

    def get_absolute_url(self) -> str:
        return self.program.get_absolute_url()

    def preview_rows(self) -> dict:
        return with_program(super().preview_rows(), self.program_id)

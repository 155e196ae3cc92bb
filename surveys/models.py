"""Short anonymous surveys: the residents' after a final status, and OPI's after a training.

Anonymous in fact (docs/decisions/surveys.md): a `Response` holds its survey, the month it was
given in and its answers, nothing else. No report, no person, no exact time, and no sequential
id (its key and its answers' keys are random UUIDs) that would order the responses against the
invitations spent. An `Invitation` is a single-use link, of which only the token's hash is kept,
and records only that it was used: nothing links it to the response it let in. History is not
kept on responses (audit/ registers none), so no trigger copies them with a time."""

import datetime
import hashlib
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.translated import TranslatedContent


def hash_token(token: str) -> str:
    """The stored form of an invitation's token: only the hash is kept."""
    return hashlib.sha256(token.encode()).hexdigest()


class SurveyQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_open=True)

    def for_residents(self):
        """The residents' survey, offered after a report's final status (one at most)."""
        return self.filter(audience=Survey.Audience.RESIDENTS)


class Survey(TranslatedContent, models.Model):
    class Audience(models.TextChoices):
        RESIDENTS = "residents", _("Residents, after their report's final status")
        TRAINING = "training", _("People who took part in a training")

    title = models.CharField(
        _("title"), max_length=200, help_text=_("The survey's heading, as people read it.")
    )
    audience = models.CharField(
        _("who answers"), max_length=12, choices=Audience.choices, default=Audience.TRAINING
    )
    is_open = models.BooleanField(
        _("open"), default=True, help_text=_("A closed survey takes no more answers; its links stop working.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["audience"],
                condition=Q(audience="residents"),
                name="surveys_survey_one_for_residents",
                violation_error_message=_("There is already a survey for residents."),
            ),
            models.CheckConstraint(
                condition=Q(audience__in=["residents", "training"]), name="surveys_survey_audience_known"
            ),
        ]

    def __str__(self):
        return self.title


class Question(TranslatedContent, models.Model):
    class Kind(models.TextChoices):
        AGREE = "agree", _("Agree or disagree, on a scale of 1 to 5")
        YES_PARTLY_NO = "yes-partly-no", _("Yes, partly or no")
        COMMENT = "comment", _("A comment (staff read it; never public)")

    # The answers each kind offers, as stored (`Answer.value`), most favourable first.
    AGREE_CHOICES = [
        (5, _("Strongly agree")),
        (4, pgettext_lazy("survey answer", "Agree")),
        (3, _("Neither agree nor disagree")),
        (2, pgettext_lazy("survey answer", "Disagree")),
        (1, _("Strongly disagree")),
    ]
    YES_PARTLY_NO_CHOICES = [
        (3, pgettext_lazy("survey answer", "Yes")),
        (2, pgettext_lazy("survey answer", "Partly")),
        (1, pgettext_lazy("survey answer", "No")),
    ]
    # The answers counted as favourable in a measure's share: agree or strongly agree; yes.
    FAVOURABLE_FROM = {Kind.AGREE: 4, Kind.YES_PARTLY_NO: 3}

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind of answer"), max_length=16, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["agree", "yes-partly-no", "comment"]),
                name="surveys_question_kind_known",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def choices(self) -> list[tuple[int, str]]:
        return {self.Kind.AGREE: self.AGREE_CHOICES, self.Kind.YES_PARTLY_NO: self.YES_PARTLY_NO_CHOICES}.get(
            self.kind, []
        )

    @property
    def is_scored(self) -> bool:
        return self.kind != self.Kind.COMMENT


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(is_used=False, survey__is_open=True)


class Invitation(models.Model):
    """A single-use link to a survey: handed out in a batch by OPI, or the one a resident's report
    holds (reporting.Report.survey_invitation). It records only that it was used."""

    # Random like the responses' keys, so no number counts the invitations in the order made.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_used = models.BooleanField(_("used"), default=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return str(self.survey)


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


class Response(models.Model):
    """One person's answers: the survey, the month, the language when kept, and nothing more."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month the answers were given in."))
    language = models.CharField(_("language"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        # By month, then by the random key: no order within a month.
        ordering = ["-month", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="surveys_response_month_first_day"),
        ]

    def __str__(self):
        return f"{self.survey}, {self.month:%Y-%m}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="surveys_answer_one_per_question"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="surveys_answer_value_in_scale",
            ),
        ]

    def __str__(self):
        return str(self.question)

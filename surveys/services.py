"""The surveys' workflows: single-use links made, renewed and spent on a response, and the
figures a measure reads from the answers."""

import datetime
import secrets
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

from surveys.models import Answer, Invitation, Question, Response, Survey, hash_token, month_of


class InvitationUnusable(Exception):
    """The link is unknown, used already, replaced, or its survey is closed."""


def _token() -> str:
    return secrets.token_urlsafe(32)


def invite(survey: Survey, count: int) -> list[str]:
    """A batch of `count` single-use links to the survey; returns their tokens (only the hashes
    are kept, so the batch is shown once)."""
    tokens = [_token() for _ in range(count)]
    Invitation.objects.bulk_create(
        Invitation(survey=survey, token_hash=hash_token(token)) for token in tokens
    )
    return tokens


def new_invitation(survey: Survey) -> tuple[Invitation, str]:
    """One single-use link to the survey, and its token."""
    token = _token()
    return Invitation.objects.create(survey=survey, token_hash=hash_token(token)), token


def renew(invitation: Invitation) -> str:
    """A new token for an unused invitation, for a new email or the status page; the link made
    before stops working (only one hash is kept)."""
    token = _token()
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash"])
    return token


def find_invitation(token: str) -> Invitation | None:
    """The usable invitation of this token, with its survey, or None."""
    return Invitation.objects.usable().select_related("survey").filter(token_hash=hash_token(token)).first()


def answer(token: str, answers: dict[int, int | str], language: str) -> Response:
    """Spend the link and keep the answers in one transaction: a link spent twice at once keeps
    one response, and a failed save spends nothing. The response keeps the month, not the day."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.usable()
            .select_for_update(of=("self",))
            .filter(token_hash=hash_token(token))
            .first()
        )
        if invitation is None:
            raise InvitationUnusable
        invitation.is_used = True
        invitation.save(update_fields=["is_used"])
        response = Response.objects.create(
            survey_id=invitation.survey_id, month=month_of(timezone.localdate()), language=language
        )
        questions = Question.objects.filter(survey_id=invitation.survey_id, pk__in=list(answers))
        Answer.objects.bulk_create(
            Answer(response=response, question=question, value=answers[question.pk])
            if question.is_scored
            else Answer(response=response, question=question, comment=answers[question.pk])
            for question in questions
            if answers[question.pk] not in ("", None)
        )
    return response


@dataclass(frozen=True)
class QuestionFigures:
    answered: int
    favourable: int
    mean: Decimal | None

    @property
    def favourable_share(self) -> Decimal | None:
        if not self.answered:
            return None
        return (Decimal(self.favourable) * 100 / self.answered).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def question_figures(
    questions: list[Question], first: datetime.date, last: datetime.date
) -> dict[int, QuestionFigures]:
    """Each scored question's answers given in the months from `first` to `last`: how many, how
    many favourable (`Question.FAVOURABLE_FROM`) and their mean, by question id. One query."""
    favourable = Q()
    for kind, lowest in Question.FAVOURABLE_FROM.items():
        favourable |= Q(question__kind=kind, value__gte=lowest)
    rows = (
        Answer.objects.filter(
            question__in=questions,
            value__isnull=False,
            response__month__gte=month_of(first),
            response__month__lte=last,
        )
        .values("question_id")
        .annotate(answered=Count("id"), favourable=Count("id", filter=favourable), mean=Avg("value"))
    )
    figures = {question.pk: QuestionFigures(0, 0, None) for question in questions}
    for row in rows:
        mean = Decimal(str(row["mean"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        figures[row["question_id"]] = QuestionFigures(row["answered"], row["favourable"], mean)
    return figures

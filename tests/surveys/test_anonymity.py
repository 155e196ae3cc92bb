"""Answers are anonymous in fact: no column or foreign key leads from a response or an answer to
a report, a person or an invitation, nothing records when one was given more exactly than its
month, no number orders them, and no history trigger copies them (docs/decisions/surveys.md)."""

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, models

from reporting.models import Report
from surveys import services
from surveys.models import Answer, Invitation, Question, Response, Survey
from tests.factories import make_survey

pytestmark = pytest.mark.django_db

ANONYMOUS = (Response, Answer)
# The models an answer may lead to: its survey and question, shared by every answer, so a join
# through them pairs an answer with all of a survey's invitations alike, never one.
SHARED = (Survey, Question, Response)


def test_responses_and_answers_hold_only_their_survey_month_language_and_answers():
    columns = {model: {field.column for field in model._meta.concrete_fields} for model in ANONYMOUS}

    assert columns[Response] == {"id", "survey_id", "month", "language"}
    assert columns[Answer] == {"id", "response_id", "question_id", "value", "comment"}


def test_no_foreign_key_leads_from_an_answer_to_a_report_a_person_or_an_invitation():
    for model in ANONYMOUS:
        for field in model._meta.concrete_fields:
            if field.is_relation:
                assert field.related_model in SHARED, (model, field)
    # The survey and its questions lead nowhere but to each other.
    for model in (Survey, Question):
        assert [f.related_model for f in model._meta.concrete_fields if f.is_relation] in ([], [Survey])
    # An invitation knows its survey and whether it was used, not the response it let in.
    invitation_relations = [f.related_model for f in Invitation._meta.concrete_fields if f.is_relation]
    assert invitation_relations == [Survey]


def test_no_table_refers_to_a_response_or_an_answer_but_the_answers_to_their_response():
    referring = [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in ANONYMOUS
    ]
    assert referring == [(Answer, "response")]


def test_the_database_holds_no_other_foreign_key_into_or_out_of_the_answers():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT source.relname, target.relname
            FROM pg_constraint
            JOIN pg_class source ON source.oid = pg_constraint.conrelid
            JOIN pg_class target ON target.oid = pg_constraint.confrelid
            WHERE contype = 'f' AND (source.relname = ANY(%s) OR target.relname = ANY(%s))
            """,
            [["surveys_response", "surveys_answer"]] * 2,
        )
        keys = set(cursor.fetchall())
    assert keys == {
        ("surveys_response", "surveys_survey"),
        ("surveys_answer", "surveys_response"),
        ("surveys_answer", "surveys_question"),
    }


def test_no_time_and_no_sequence_orders_the_answers():
    for model in ANONYMOUS:
        assert not [f for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
        assert isinstance(model._meta.pk, models.UUIDField)
    assert isinstance(Invitation._meta.pk, models.UUIDField)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.sequences WHERE sequence_name LIKE 'surveys_%%'"
        )
        assert cursor.fetchone()[0] == 0


def test_a_response_keeps_the_month_only(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 17, 15, 4, tzinfo=datetime.UTC))
    survey = make_survey()
    (token,) = services.invite(survey, 1)

    response = services.answer(token, {survey.questions.first().pk: 4}, "so")

    response.refresh_from_db()
    assert response.month == datetime.date(2026, 3, 1)
    with pytest.raises(IntegrityError):
        Response.objects.create(survey=survey, month=datetime.date(2026, 3, 17))


def test_no_history_trigger_copies_invitations_responses_or_answers():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT tgname FROM pg_trigger JOIN pg_class ON pg_class.oid = tgrelid
            WHERE NOT tgisinternal AND relname IN ('surveys_response', 'surveys_answer', 'surveys_invitation')
            """
        )
        assert cursor.fetchall() == []
    # Nor an event model of pghistory: it would refer to them (pgh_obj), which no table does.
    assert not [model for model in apps.get_models() if model.__name__ in ("ResponseEvent", "AnswerEvent")]


def test_the_report_holds_its_invitation_and_the_invitation_nothing_of_the_report():
    field = Report._meta.get_field("survey_invitation")
    assert field.related_model is Invitation and field.one_to_one
    # No way back from the invitation to its report in the ORM either.
    assert not any(rel.related_model is Report for rel in Invitation._meta.related_objects)
    assert settings.AUTH_USER_MODEL not in {
        f.related_model._meta.label for f in Invitation._meta.concrete_fields if f.is_relation
    }


def test_the_surveys_and_questions_opi_edit_keep_their_history():
    survey = make_survey()
    question = survey.questions.first()
    question.text = "The training prepared me well for these calls."
    question.save()

    texts = list(question.events.order_by("pgh_id").values_list("text", flat=True))
    assert texts == [
        "The training prepared me for these calls.",
        "The training prepared me well for these calls.",
    ]
    assert survey.events.count() == 1

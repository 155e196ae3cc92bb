"""A measure can take its figure from a survey question: the share of favourable answers or their
mean over the latest ended quarter, hidden (and telling no status) while from 1 to the threshold
answered; the program's page shows it, comments never."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from pilots.models import Measure, Status
from publicsite import dashboards
from publicsite.evaluation import program_evaluation
from publicsite.forms import ended_quarters
from surveys.models import Question
from tests.factories import make_measure, make_responses, make_survey
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db

SEPTEMBER_30 = datetime.date(2024, 9, 30)


def survey_measure(figure=Measure.SurveyFigure.FAVOURABLE_SHARE, **overrides):
    question = make_survey().questions.get(kind=Question.Kind.AGREE)
    fields = {
        "survey_question": question,
        "survey_figure": figure,
        "baseline": 50,
        "target": 80,
        "baseline_start": datetime.date(2024, 1, 1),
        "baseline_end": datetime.date(2024, 3, 31),
        "due_on": datetime.date(2024, 12, 31),
    }
    fields.update(overrides)
    return make_measure(**fields), question


def test_the_share_agreeing_over_the_latest_ended_quarter_is_the_figure():
    measure, question = survey_measure()
    # Nine of twelve agree or strongly agree in the third quarter; June's answers are another quarter's.
    make_responses(question, [5, 5, 4, 4, 4, 4, 4, 4, 4, 3, 2, 1], datetime.date(2024, 8, 1))
    make_responses(question, [1] * 20, datetime.date(2024, 6, 1))

    (result,) = program_evaluation(measure.goal.program, None, SEPTEMBER_30).measures

    assert result.value == Decimal("75.0")
    assert result.period == (datetime.date(2024, 7, 1), SEPTEMBER_30)
    assert result.latest == "75%"
    assert result.status == Status.ON_TRACK


def test_the_mean_answer_can_be_the_figure():
    measure, question = survey_measure(Measure.SurveyFigure.MEAN, baseline=3, target=4)
    make_responses(question, [5, 4, 4, 3, 3, 3, 2, 5, 5, 4, 4], datetime.date(2024, 9, 1))

    (result,) = program_evaluation(measure.goal.program, None, SEPTEMBER_30).measures

    assert (result.value, result.latest) == (Decimal("3.8"), "3.8")


def test_few_answers_are_hidden_and_tell_no_status():
    measure, question = survey_measure()
    make_responses(question, [5] * dashboards.REPORT_THRESHOLD, datetime.date(2024, 8, 1))

    (result,) = program_evaluation(measure.goal.program, None, SEPTEMBER_30).measures

    assert result.hidden and result.value is None
    assert result.status == Status.NOT_STARTED


def test_a_comment_is_never_a_measures_figure():
    survey = make_survey()
    comment = survey.questions.get(kind=Question.Kind.COMMENT)
    measure = Measure(
        goal=make_measure().goal,
        name="Comments",
        survey_question=comment,
        survey_figure=Measure.SurveyFigure.MEAN,
        baseline=1,
        target=2,
        baseline_start=datetime.date(2024, 1, 1),
        baseline_end=datetime.date(2024, 1, 31),
        due_on=datetime.date(2024, 12, 31),
    )

    with pytest.raises(ValidationError) as refused:
        measure.full_clean()
    assert "survey_question" in refused.value.message_dict


def test_a_measure_has_one_figure_and_a_survey_question_its_kind_of_figure():
    measure, _question = survey_measure()

    with pytest.raises(IntegrityError):
        Measure.objects.filter(pk=measure.pk).update(survey_figure="")


def test_the_program_page_shows_the_surveys_figure(client):
    _key, first, _last = ended_quarters()[0]
    measure, question = survey_measure(
        name="Participants ready for these calls",
        baseline_start=datetime.date(2021, 1, 1),
        baseline_end=datetime.date(2021, 3, 31),
        due_on=first.replace(year=first.year + 2),
    )
    make_responses(question, [5] * 8 + [2] * 4, first, comment="A private remark.")

    page = assert_valid_html(client.get(measure.goal.program.get_absolute_url()))

    assert "Participants ready for these calls" in page
    assert "66.7%" in page
    assert "A private remark." not in page

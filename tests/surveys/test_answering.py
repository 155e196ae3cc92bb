"""Answering a survey by its single-use link: the questions in the page's language, one response
per link, clear messages for bad input and for a used or unknown link, never a 500."""

import pytest

from core import ratelimit
from surveys import services
from surveys.models import Answer, Invitation, Question, Response
from tests.factories import make_survey, residents_survey

pytestmark = pytest.mark.django_db


def link(survey, language=""):
    (token,) = services.invite(survey, 1)
    return f"{'/' + language if language else ''}/survey/{token}/", token


def answers_for(survey, *, agree="4", comment="Kind staff."):
    by_kind = {Question.Kind.COMMENT: comment, Question.Kind.YES_PARTLY_NO: "3", Question.Kind.AGREE: agree}
    return {f"question_{question.pk}": by_kind[question.kind] for question in survey.questions.all()}


def test_the_link_shows_the_questions_as_fieldsets_and_spends_nothing(resident):
    survey = make_survey()
    url, _token = link(survey)

    page = resident.get(url).content.decode()

    assert '<legend class="usa-legend"' in page
    assert "The training prepared me for these calls." in page
    assert "Strongly agree" in page
    assert Invitation.objects.get().is_used is False


def test_sending_the_answers_keeps_one_response_and_thanks_the_person(resident):
    survey = make_survey()
    url, _token = link(survey)

    response = resident.post(url, answers_for(survey))

    assert response.status_code == 302 and response["Location"] == "/survey/thanks/"
    assert "Thank you for your answers" in resident.get(response["Location"]).content.decode()
    kept = Response.objects.get()
    assert sorted((a.value or 0, a.comment) for a in kept.answers.all()) == [(0, "Kind staff."), (4, "")]
    assert Invitation.objects.get().is_used


def test_a_used_link_says_so_kindly_and_keeps_no_second_response(resident):
    survey = make_survey()
    url, _token = link(survey)
    resident.post(url, answers_for(survey))

    again = resident.post(url, answers_for(survey))
    opened = resident.get(url)

    assert again.status_code == opened.status_code == 410
    assert "This survey link no longer works" in opened.content.decode()
    assert Response.objects.count() == 1


def test_a_link_spent_at_the_same_time_elsewhere_keeps_one_response(resident):
    survey = make_survey()
    _url, token = link(survey)
    question = survey.questions.first()
    services.answer(token, {question.pk: 5}, "en")

    with pytest.raises(services.InvitationUnusable):
        services.answer(token, {question.pk: 1}, "en")
    assert list(Answer.objects.values_list("value", flat=True)) == [5]


@pytest.mark.parametrize("token", ["unknown", "x" * 300, "%00", "..%2F"])
def test_an_unknown_link_gets_the_kind_page(resident, token):
    response = resident.get(f"/survey/{token}/")
    assert response.status_code in (404, 410)


def test_a_closed_survey_takes_no_more_answers(resident):
    survey = make_survey()
    url, _token = link(survey)
    survey.is_open = False
    survey.save()

    assert resident.post(url, answers_for(survey)).status_code == 410
    assert not Response.objects.exists()


def test_a_scale_left_unanswered_is_named_and_what_was_typed_stays(resident):
    survey = make_survey()
    url, _token = link(survey)

    response = resident.post(url, answers_for(survey, agree="", comment="Half done"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Please choose an answer." in page and "Please fix the following" in page
    assert "Half done</textarea>" in page
    assert not Response.objects.exists() and not Invitation.objects.get().is_used


@pytest.mark.parametrize("value", ["0", "6", "agree", "4.5", "-1"])
def test_an_answer_off_the_scale_is_refused_with_a_message(resident, value):
    survey = make_survey()
    url, _token = link(survey)

    response = resident.post(url, answers_for(survey, agree=value))

    assert response.status_code == 400
    assert not Response.objects.exists()


def test_a_comment_too_long_is_refused_and_kept_on_the_form(resident):
    survey = make_survey()
    url, _token = link(survey)

    response = resident.post(url, answers_for(survey, comment="x" * 2001))

    assert response.status_code == 400
    assert "x" * 2001 in response.content.decode()


def test_the_residents_survey_is_asked_in_somali(resident):
    url, _token = link(residents_survey(), "so")

    page = resident.get(url).content.decode()

    assert 'lang="so"' in page
    assert "Shaqaalaha Magaaladu waxay iila dhaqmeen si ixtiraam leh." in page
    assert "Ma heshay la-socodkii aad rabtay?" in page
    assert "Strongly agree" not in page and "Send my answers" not in page


def test_the_answers_remember_the_language_they_were_given_in(resident):
    survey = residents_survey()
    url, _token = link(survey, "hmn")

    resident.post(url, answers_for(survey))

    assert Response.objects.get().language == "hmn"


def test_the_links_are_rate_limited_like_the_other_public_forms(resident, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "survey", (2, 3600))
    survey = make_survey()
    url, _token = link(survey)

    statuses = [resident.get(url).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_the_form_page_costs_the_same_queries_however_many_answers_there_are(
    resident, django_assert_max_num_queries
):
    survey = make_survey()
    for _ in range(30):
        _url, token = link(survey)
        services.answer(token, {survey.questions.first().pk: 3}, "en")
    url, _token = link(survey)

    with django_assert_max_num_queries(8):
        assert resident.get(url).status_code == 200
    with django_assert_max_num_queries(14):
        assert resident.post(url, answers_for(survey)).status_code == 302


def test_the_post_needs_the_csrf_token(resident):
    from django.test import Client

    survey = make_survey()
    url, _token = link(survey)

    response = Client(enforce_csrf_checks=True).post(url, answers_for(survey))

    assert response.status_code == 403
    assert not Response.objects.exists()

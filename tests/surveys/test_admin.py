"""Staff pages of the surveys, by role: OPI keeps the surveys and makes a training's single-use
links (shown once, or as a CSV file); OPI and Supervisors read the answers, comments included;
Report takers and anonymous visitors see none of it; nobody edits an answer."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from surveys.models import Invitation, Question, Response, Survey
from tests.factories import make_responses, make_survey, residents_survey

pytestmark = pytest.mark.django_db

RESPONSES = "/admin/surveys/response/"
SURVEYS = "/admin/surveys/survey/"


def links_url(survey):
    return f"{SURVEYS}{survey.pk}/links/"


def answered(count=3, comment="The trainer was great."):
    survey = make_survey()
    question = survey.questions.get(kind=Question.Kind.AGREE)
    make_responses(question, [4] * count, timezone.localdate(), comment=comment)
    return survey


def test_anonymous_visitors_are_sent_to_sign_in(anonymous, db):
    survey = answered()
    for url in (RESPONSES, SURVEYS, links_url(survey)):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_report_takers_see_no_survey_page(report_taker):
    survey = answered()
    response = Response.objects.first()
    for url in (RESPONSES, f"{RESPONSES}{response.pk}/change/", SURVEYS, links_url(survey)):
        assert report_taker.get(url).status_code == 403
    assert report_taker.post(links_url(survey), {"count": 3}).status_code == 403
    assert not Invitation.objects.exists()


def test_supervisors_read_the_answers_and_comments_but_make_no_links(supervisor):
    survey = answered()
    response = Response.objects.first()

    listing = supervisor.get(RESPONSES).content.decode()
    page = supervisor.get(f"{RESPONSES}{response.pk}/change/").content.decode()

    assert "The trainer was great." in listing
    assert "The trainer was great." in page and "Agree" in page
    assert supervisor.post(links_url(survey), {"count": 3}).status_code == 403
    assert supervisor.get(f"{SURVEYS}add/").status_code == 403
    assert not Invitation.objects.exists()


def test_nobody_adds_changes_or_deletes_an_answer(opi_staff, supervisor):
    answered()
    response = Response.objects.first()
    for client in (opi_staff, supervisor):
        assert client.get(f"{RESPONSES}add/").status_code == 403
        assert client.get(f"{RESPONSES}{response.pk}/delete/").status_code == 403
        page = client.get(f"{RESPONSES}{response.pk}/change/").content.decode()
        assert 'name="_save"' not in page


def test_the_answers_page_shows_no_language(opi_staff):
    answered()
    response = Response.objects.first()

    page = opi_staff.get(f"{RESPONSES}{response.pk}/change/").content.decode()

    assert "Language" not in page and "language" not in page.split("<main", 1)[-1]


def test_opi_makes_a_batch_of_links_shown_once_with_only_hashes_kept(opi_staff):
    survey = make_survey()

    form = opi_staff.get(links_url(survey))
    made = opi_staff.post(links_url(survey), {"count": 3, "page": "1"}).content.decode()

    assert form.status_code == 200
    assert made.count("<code>") == 3
    tokens = [part.split("/survey/", 1)[1].split("/", 1)[0] for part in made.split("<code>")[1:]]
    assert len(set(tokens)) == 3
    kept = set(Invitation.objects.filter(survey=survey).values_list("token_hash", flat=True))
    assert len(kept) == 3 and not kept & set(tokens)


def test_opi_downloads_a_batch_as_csv(opi_staff):
    survey = make_survey(title="MH2 call takers")

    response = opi_staff.post(links_url(survey), {"count": 5, "csv": "1"})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Link", "Survey"]
    assert len(rows) == 6 and all("/survey/" in row[0] and row[1] == "MH2 call takers" for row in rows[1:])
    assert Invitation.objects.filter(survey=survey).count() == 5


@pytest.mark.parametrize("count", ["0", "501", "many", "", "-3"])
def test_a_bad_batch_size_is_refused_with_a_message_and_makes_nothing(opi_staff, count):
    survey = make_survey()

    response = opi_staff.post(links_url(survey), {"count": count, "page": "1"})

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_residents_survey_has_no_batch_of_links(opi_staff):
    survey = residents_survey()

    assert opi_staff.get(links_url(survey)).status_code == 404
    assert "made with the messages" in opi_staff.get(f"{SURVEYS}{survey.pk}/change/").content.decode()


def test_opi_adds_a_training_survey_with_its_questions(opi_staff):
    data = {
        "title_en": "MH4 community sessions",
        "audience": "training",
        "is_open": "on",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-position": "1",
        "questions-0-text_en": "I can calm a tense moment.",
        "questions-0-kind": "agree",
    }

    response = opi_staff.post(f"{SURVEYS}add/", data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    survey = Survey.objects.get(title="MH4 community sessions")
    assert list(survey.questions.values_list("text", flat=True)) == ["I can calm a tense moment."]


@pytest.mark.parametrize("url", [RESPONSES, SURVEYS])
def test_the_lists_cost_the_same_queries_however_many_answers(opi_staff, django_assert_max_num_queries, url):
    answered(count=3)
    with django_assert_max_num_queries(12) as few:
        opi_staff.get(url)
    answered(count=40)
    make_responses(residents_survey().questions.first(), [5] * 10, datetime.date(2026, 1, 1), comment="Fine.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert opi_staff.get(url).status_code == 200

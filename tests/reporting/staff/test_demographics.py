"""The optional demographic answers are counted, never shown or exported per report."""

import csv
import io

import pytest

from tests.factories import make_report
from tests.reporting.staff.admin_pages import changelist_url, page_url

pytestmark = pytest.mark.django_db

ANSWERS = {"age_range": "65_plus", "race_ethnicity": "pacific_islander", "gender": "nonbinary"}
# How each answer reads on a page, and its stored value, which a CSV would hold.
SHOWN = ["65 or older", "Native Hawaiian or Pacific Islander", "Nonbinary", *ANSWERS.values()]


@pytest.fixture
def answered(db):
    report, _token = make_report(**ANSWERS)
    return report


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize("persona", ["report_taker", "supervisor"])
def test_the_report_page_does_not_show_the_demographic_answers(persona, request, answered):
    page = request.getfixturevalue(persona).get(page_url(answered)).content.decode()

    assert "Alex Resident" in page
    for shown in SHOWN:
        assert shown not in page


@pytest.mark.parametrize("persona", ["report_taker", "supervisor"])
def test_the_queue_has_no_demographic_column_or_filter(persona, request, answered):
    response = request.getfixturevalue(persona).get(changelist_url())

    page = response.content.decode()
    assert answered.reference in page
    for shown in SHOWN:
        assert shown not in page


@pytest.mark.parametrize("persona", ["report_taker", "supervisor"])
@pytest.mark.parametrize("lookup", ["gender", "age_range__exact", "race_ethnicity__in"])
def test_the_queue_refuses_to_filter_by_a_demographic_answer(persona, lookup, request, answered):
    response = request.getfixturevalue(persona).get(changelist_url(), {lookup: "nonbinary"})

    assert response.status_code == 400


def test_searching_the_queue_for_an_answer_finds_nothing(report_taker, answered):
    response = report_taker.get(changelist_url(), {"q": "nonbinary"})

    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize("action", ["export_csv", "export_csv_with_personal_data"])
def test_no_export_holds_the_demographic_answers(action, supervisor, answered):
    response = supervisor.post(changelist_url(), {"action": action, "_selected_action": [answered.pk]})

    [row] = rows(response)
    assert row["reference"] == answered.reference
    assert not set(ANSWERS) & set(row)
    for value in ANSWERS.values():
        assert value not in row.values()

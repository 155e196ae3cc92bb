"""Addresses of the City's list suggested as the resident types "Where did it happen?" (here the
demo's made-up list): what the field asks by POST while a draft is under way, and what it is
answered. Nothing typed is kept or logged, and a client is limited."""

import io
import json
import logging
import re

import pytest
from django.test import Client

from core import ratelimit
from core.models import RateLimit
from reporting import addresses
from reporting.models import AddressPoint
from tests.reporting.conftest import SCREENING_CLEAR

pytestmark = pytest.mark.django_db

URL = "/report/address-suggestions/"


def suggested(client, typed: str, prefix: str = "") -> list[str]:
    response = client.post(f"{prefix}{URL}", {"address": typed})
    assert response.status_code == 200
    return [suggestion["address"] for suggestion in response.json()["suggestions"]]


# The matcher, for an address still being typed


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("1200 Nicol", "1200 Nicollet Mall"),
        ("1200 nicollet m", "1200 Nicollet Mall"),
        ("400 S 4", "400 S 4th St"),
        ("400 South Fourth", "400 S 4th St"),
        ("2800 W La", "2800 W Lake St"),
        ("2800 E Lake St", "2800 E Lake St"),
        ("1200 Nicolet Mall", "1200 Nicollet Mall"),
    ],
)
def test_an_address_being_typed_suggests_the_points_it_may_become(address_list, typed, first):
    assert addresses.suggest(typed)[0].address == first


def test_the_closest_suggestion_comes_first(address_list):
    assert [point.address for point in addresses.suggest("2800 W La")] == ["2800 W Lake St", "2800 E Lake St"]


@pytest.mark.parametrize(
    "typed", ["", "1200", "Nicollet Mall", "Lake St and Chicago", "9999 Nicol", "1200 Zq"]
)
def test_nothing_is_suggested_without_a_house_number_and_a_street_of_the_list(address_list, typed):
    assert addresses.suggest(typed) == []


def test_suggesting_costs_one_query(address_list, django_assert_num_queries):
    with django_assert_num_queries(1):
        addresses.suggest("2800 W La")


# The endpoint


def test_the_closest_addresses_are_answered_with_their_labels_and_ids(screened, address_list):
    point = AddressPoint.objects.get(address="1200 Nicollet Mall")

    response = screened.post(URL, {"address": "1200 Nicol"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "suggestions": [
            {"id": point.pk, "label": "1200 Nicollet Mall (Downtown West)", "address": "1200 Nicollet Mall"}
        ]
    }


def test_at_most_five_are_suggested(screened, address_list):
    AddressPoint.objects.bulk_create(
        AddressPoint(
            city_id=f"ELM-{kind}",
            address=f"700 Elm {kind}",
            ward=1,
            neighborhood="Elm",
            search_text=addresses.search_text(f"700 Elm {kind}"),
        )
        for kind in ("St", "Ave", "Pl", "Ln", "Ct", "Dr", "Rd")
    )

    assert len(suggested(screened, "700 Elm")) == 5


@pytest.mark.parametrize("typed", ["", "12", "1 ", "Nicollet Mall", "1200"])
def test_too_little_typed_suggests_nothing(screened, address_list, typed):
    assert suggested(screened, typed) == []


def test_the_suggestions_answer_in_each_language(screened, address_list):
    assert suggested(screened, "1200 Nicol", prefix="/hmn") == ["1200 Nicollet Mall"]


def test_only_a_browser_with_a_report_under_way_is_answered(resident, address_list):
    response = resident.post(URL, {"address": "1200 Nicol"})

    assert response.status_code == 403
    assert response.json() == {"suggestions": []}


def test_only_a_post_is_answered(screened, address_list):
    assert screened.get(URL, {"address": "1200 Nicol"}).status_code == 405


def test_a_post_without_the_csrf_token_is_refused(address_list):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/report/screening/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    browser.post("/report/screening/", {**SCREENING_CLEAR, "csrfmiddlewaretoken": token})

    refused = browser.post(URL, {"address": "1200 Nicol"})
    answered = browser.post(URL, {"address": "1200 Nicol"}, headers={"X-CSRFToken": token})

    assert refused.status_code == 403
    assert answered.status_code == 200
    assert answered.json()["suggestions"][0]["address"] == "1200 Nicollet Mall"


def test_over_the_limit_the_answer_is_no_suggestions(screened, address_list, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "suggest", (2, 3600))
    for _ in range(2):
        assert suggested(screened, "1200 Nicol") == ["1200 Nicollet Mall"]

    response = screened.post(URL, {"address": "1200 Nicol"})

    assert response.status_code == 429
    assert response.json() == {"suggestions": []}
    assert response["Retry-After"] == "3600"


@pytest.mark.parametrize("typed", ["700 Elm", "1200 Nicol", "9999 Nowhere"])
def test_the_answer_costs_the_same_queries_however_many_are_suggested(
    screened, address_list, django_assert_num_queries, typed
):
    AddressPoint.objects.bulk_create(
        AddressPoint(
            city_id=f"ELM-{kind}",
            address=f"700 Elm {kind}",
            ward=1,
            neighborhood="Elm",
            search_text=addresses.search_text(f"700 Elm {kind}"),
        )
        for kind in ("St", "Ave", "Pl", "Ln", "Ct", "Dr", "Rd")
    )

    # The session, the rate limit's count and the match.
    with django_assert_num_queries(3):
        screened.post(URL, {"address": typed})


def test_the_first_step_gives_the_script_its_words_in_the_pages_language(screened):
    html = screened.get("/report/new/what/").content.decode()

    assert '<div class="site-combobox" data-suggestions-url="/report/address-suggestions/"' in html
    assert 'data-suggest-after="3"' in html
    assert 'data-found="Addresses from the City&#x27;s list: {count}. Use the up and down arrow keys' in html
    assert '<script src="/static/reporting/address_combobox.js"></script>' in html
    # Without the script, the field is the text input it always was.
    assert (
        '<input type="text" name="address" maxlength="200" class="usa-input" '
        'aria-describedby="id_address_helptext" id="id_address">' in html
    )
    assert (
        'data-suggestions-url="/hmn/report/address-suggestions/"'
        in screened.get("/hmn/report/new/what/").content.decode()
    )


@pytest.fixture
def everything_logged():
    """Everything logged, at every level, as text."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream.getvalue
    root.removeHandler(handler)
    root.setLevel(previous_level)


def test_what_was_typed_is_neither_logged_nor_kept(screened, address_list, everything_logged, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "suggest", (1, 3600))

    assert suggested(screened, "1200 Quillonwood") == []
    assert screened.post(URL, {"address": "1200 Quillonwood"}).status_code == 429

    logged = everything_logged()
    assert URL in logged, "the requests were logged"
    assert "Quillonwood" not in logged
    assert "Quillonwood" not in json.dumps(dict(screened.session.items()))
    assert not any("Quillonwood" in key for key in RateLimit.objects.values_list("key", flat=True))

"""The address a resident types, matched against the City's list (here the demo's made-up one):
the usual short forms, misspellings, units, corners, and what matches nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting import addresses

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    [
        "1200 Nicollet Mall",
        "1200 nicollet mall",
        "1200 Nicollét Mall",
        "1200 Nicollet Mall, Minneapolis, MN 55403",
        "1200 Nicollet Mall Minneapolis MN",
    ],
)
def test_an_address_of_the_list_is_matched_exactly(address_list, typed):
    matches = addresses.match(typed)

    assert matches.exact.address == "1200 Nicollet Mall"
    assert matches.exact.is_demo


@pytest.mark.parametrize("typed", ["400 South 4th Street", "400 S. 4th St.", "400 south fourth st"])
def test_the_short_and_long_forms_of_a_street_are_the_same(address_list, typed):
    assert addresses.match(typed).exact.address == "400 S 4th St"


@pytest.mark.parametrize(
    "typed", ["1200 Nicollet Mall #2", "1200 Nicollet Mall Apt 2", "1200 Nicollet Mall, Unit 2B"]
)
def test_a_unit_does_not_stop_the_building_matching(address_list, typed):
    assert addresses.parse(typed).unit in ("2", "2b")
    assert addresses.match(typed).exact.address == "1200 Nicollet Mall"


def test_a_misspelt_street_offers_the_closest_addresses(address_list):
    matches = addresses.match("1200 Nicolet Mall")

    assert matches.exact is None
    assert matches.closest[0].address == "1200 Nicollet Mall"


def test_a_street_without_its_direction_offers_both(address_list):
    matches = addresses.match("2800 Lake St")

    assert matches.exact is None
    assert {point.address for point in matches.closest[:2]} == {"2800 E Lake St", "2800 W Lake St"}


@pytest.mark.parametrize(
    "typed",
    [
        "Lake St and Chicago Ave",
        "E Lake St & Chicago Ave",
        "2800 E Lake St at Chicago Ave",
        "Powderhorn Park",
    ],
)
def test_a_corner_or_a_place_without_a_number_is_not_looked_up(address_list, typed):
    assert addresses.match(typed) == addresses.Matches(typed)


@pytest.mark.parametrize(
    "typed", ["1234 Nowhere Blvd, Paris France", "x", "", "   ", "1200", "12345 Nicollet"]
)
def test_an_address_not_in_the_list_matches_nothing(address_list, typed):
    matches = addresses.match(typed)

    assert (matches.exact, matches.closest) == (None, [])


@pytest.mark.parametrize("typed", ["1200 ' | & ! :* () Nicollet", "1200 <script> Mall", "1200 \x00 Mall"])
def test_text_search_syntax_typed_is_only_words(address_list, typed):
    matches = addresses.match(typed)

    assert all(point.address.startswith("1200 ") for point in matches.closest)


def test_matching_costs_one_query(address_list):
    with CaptureQueriesContext(connection) as queries:
        addresses.match("1200 Nicolet Mall")

    assert len(queries) == 1

"""The step that checks the address typed against the City's list (here the demo's made-up one),
without JavaScript: the closest matches as radio buttons, or the address as typed, with a corner
or a landmark. What the resident typed is always kept."""

import pytest

from harness.answers import ADDRESS, WHAT
from reporting.models import AddressPoint, Report
from tests.reporting.conftest import fill_in_every_step

pytestmark = pytest.mark.django_db

STEP = "/report/new/address/"
MISSPELT = {**WHAT, "address": "1200 Nicolet Mall"}
NOWHERE = {**WHAT, "address": "1234 Nowhere Blvd, Paris France"}


def post(client, step, data, action="next"):
    return client.post(f"/report/new/{step}/", {**data, "action": action})


def submit(client, django_capture_on_commit_callbacks) -> Report:
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/report/new/review/", {"acknowledge": "on"})
    return Report.objects.get()


def point(address: str) -> AddressPoint:
    return AddressPoint.objects.get(address=address)


def test_an_address_of_the_list_skips_the_step_and_is_matched(
    screened, address_list, django_capture_on_commit_callbacks
):
    assert post(screened, "what", WHAT).url == "/report/new/items/"
    assert screened.get(STEP).url == "/report/new/items/"
    fill_in_every_step(screened)
    assert "1200 Nicollet Mall (Downtown West)" in screened.get("/report/new/review/").content.decode()

    report = submit(screened, django_capture_on_commit_callbacks)

    assert report.address_point == point("1200 Nicollet Mall")
    assert (report.address_point.ward, report.address_point.neighborhood) == (7, "Downtown West")


def test_the_closest_matches_are_offered_as_radio_buttons(screened, address_list):
    assert post(screened, "what", MISSPELT).url == STEP

    html = screened.get(STEP).content.decode()

    assert '<legend class="usa-legend" id="id_address_point">Which address is it?</legend>' in html
    assert "You wrote “1200 Nicolet Mall”." in html
    assert 'type="radio" class="usa-radio__input" name="address_point"' in html
    assert "1200 Nicollet Mall (Downtown West)" in html
    assert "Use the address as I typed it: 1200 Nicolet Mall" in html


def test_a_match_chosen_is_kept_with_what_was_typed(
    screened, address_list, django_capture_on_commit_callbacks
):
    fill_in_every_step(screened, what=MISSPELT)
    chosen = point("1200 Nicollet Mall")
    assert post(screened, "address", {"address_point": chosen.pk}).url == "/report/new/items/"

    report = submit(screened, django_capture_on_commit_callbacks)

    assert (report.address, report.address_point) == ("1200 Nicolet Mall", chosen)


def test_an_address_kept_as_typed_is_unmatched_with_its_landmark(
    screened, address_list, django_capture_on_commit_callbacks
):
    post(screened, "what", NOWHERE)
    html = screened.get(STEP).content.decode()
    assert "We could not find this address in the City&#x27;s list" in html
    fill_in_every_step(screened, what=NOWHERE)
    post(screened, "address", {"address_point": "typed", "place_note": "Behind the corner store"})

    report = submit(screened, django_capture_on_commit_callbacks)

    assert (report.address, report.address_point, report.place_note) == (
        "1234 Nowhere Blvd, Paris France",
        None,
        "Behind the corner store",
    )


def test_no_choice_is_explained_in_the_error_summary(screened, address_list):
    post(screened, "what", MISSPELT)

    html = post(screened, "address", {"place_note": "By the library"}).content.decode()

    assert 'class="usa-alert usa-alert--error' in html
    assert 'href="#id_address_point"' in html
    assert 'value="By the library"' in html


def test_a_choice_not_offered_is_refused(screened, address_list):
    post(screened, "what", MISSPELT)

    response = post(screened, "address", {"address_point": point("100 E Lake St").pk})

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


def test_back_and_forth_keeps_the_choice(screened, address_list):
    post(screened, "what", MISSPELT)
    chosen = point("1200 Nicollet Mall")
    post(screened, "address", {"address_point": chosen.pk, "place_note": "By the library"})

    assert post(screened, "items", {}, action="back").url == STEP
    assert post(screened, "address", {"address_point": chosen.pk}, action="back").url == "/report/new/what/"
    post(screened, "what", MISSPELT)

    html = screened.get(STEP).content.decode()
    assert f'value="{chosen.pk}" id="id_address_point_0" checked' in html


def test_another_address_typed_is_checked_again(screened, address_list):
    post(screened, "what", MISSPELT)
    post(screened, "address", {"address_point": point("1200 Nicollet Mall").pk})

    post(screened, "what", {**WHAT, "address": "2800 Lake St"})

    html = screened.get(STEP).content.decode()
    assert "checked" not in html
    assert "2800 E Lake St (Powderhorn Park)" in html


def test_without_an_address_list_every_address_is_kept_as_typed(screened, django_capture_on_commit_callbacks):
    fill_in_every_step(screened)

    report = submit(screened, django_capture_on_commit_callbacks)

    assert (report.address, report.address_point) == ("1200 Nicollet Mall", None)


@pytest.mark.parametrize(("prefix", "lang"), [("/so", "so"), ("/hmn", "hmn"), ("/es", "es")])
def test_the_step_shows_in_each_language(screened, address_list, prefix, lang):
    screened.post(f"{prefix}/report/new/what/", {**MISSPELT, "action": "next"})

    response = screened.get(f"{prefix}{STEP}")

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
    assert "1200 Nicollet Mall (Downtown West)" in response.content.decode()


def test_the_step_costs_a_constant_number_of_queries(screened, address_list, django_assert_max_num_queries):
    post(screened, "what", MISSPELT)
    post(screened, "address", ADDRESS)

    # The session (read and saved), the draft's files, the footer's offices, the match (once), and
    # the content version the page cache reads at most every two seconds.
    with django_assert_max_num_queries(6):
        assert screened.get(STEP).status_code == 200

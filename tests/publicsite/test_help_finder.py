"""The help finder: one question per step, as a plain GET form, ending at the right place."""

import re

import pytest
from django.core.exceptions import ValidationError

from publicsite.models import HelpDestination, Office
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db

HELP = "/get-help/"


def answer(client, prefix="", **params):
    response = client.get(prefix + HELP, params)
    assert response.status_code == 200
    return assert_valid_html(response)


def test_first_step_asks_only_whether_anyone_is_in_danger(client):
    html = answer(client)

    assert "Is anyone in danger, or is it happening right now?" in html
    assert 'name="danger"' in html
    assert 'name="situation"' not in html
    assert 'method="get"' in html


def test_danger_or_something_happening_now_goes_to_911(client):
    html = answer(client, step="danger", danger="yes")

    assert "<h1>Someone is in danger or it is happening now</h1>" in html
    assert "Call 911 now" in html
    assert 'href="tel:911"' in html


def test_no_danger_asks_what_it_is_about_and_keeps_the_first_answer(client):
    html = answer(client, step="danger", danger="no")

    assert "What do you need help with?" in html
    assert '<input type="hidden" name="danger" value="no">' in html
    assert 'value="crisis"' in html
    assert 'value="danger"' not in html


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        ("crisis", ["Call 911", "COPE", "crisis team may come instead of police"]),
        ("property", ["Call 311", 'href="tel:311"', 'href="tel:+16126732482"', "in person"]),
        ("parking", ["Call 311", "Traffic Control"]),
        ("other", ["Call 311", 'href="tel:311"']),
    ],
)
def test_each_situation_is_sent_to_the_right_place(client, situation, expected):
    html = answer(client, step="situation", danger="no", situation=situation)

    for text in expected:
        assert text in html
    assert "If anyone is in danger or it gets worse" in html


def test_theft_links_to_the_online_report(client):
    html = answer(client, step="situation", danger="no", situation="property")

    assert '<a class="usa-button" href="/report/">Start an online report</a>' in html


def test_submitting_without_an_answer_explains_and_asks_again(client):
    html = answer(client, "/es", step="danger")

    assert "usa-form-group--error" in html
    assert '<fieldset class="usa-fieldset" aria-describedby="id_danger_error">' in html
    assert '<span class="usa-error-message" id="id_danger_error">Elija sí o no.</span>' in html

    html = answer(client, "/es", step="situation", danger="no", situation="made-up")

    assert "Elija la respuesta que más se parezca a su situación." in html
    assert '<input type="hidden" name="danger" value="no">' in html


def test_destinations_and_numbers_are_what_staff_entered(client):
    office = Office.objects.create(name="Night desk", phone="612-555-0100", hours="Nights")
    HelpDestination.objects.filter(situation="other").delete()
    HelpDestination.objects.create(
        situation="other", title="Ask the night desk", description="Any time.", office=office
    )

    html = answer(client, step="situation", danger="no", situation="other")

    assert "Ask the night desk" in html
    assert 'href="tel:+16125550100"' in html
    assert "Nights" in html


def test_a_draft_offices_number_is_not_on_a_card_or_the_home_page(client):
    office = Office.objects.create(
        name="Night desk", phone="612-555-0199", hours="Nights", is_published=False
    )
    HelpDestination.objects.filter(situation="other").delete()
    HelpDestination.objects.create(
        situation="other", title="Ask the night desk", description="Any time.", office=office
    )

    assert "Ask the night desk" in answer(client, step="situation", danger="no", situation="other")
    for html in (
        answer(client, step="situation", danger="no", situation="other"),
        client.get("/").content.decode(),
    ):
        assert "612-555-0199" not in html
        assert "tel:+16125550199" not in html

    Office.objects.filter(pk=office.pk).publish_now()
    assert "612-555-0199" in answer(client, step="situation", danger="no", situation="other")


def test_answers_are_in_the_readers_language(client):
    html = answer(client, "/hmn", step="situation", danger="no", situation="parking")

    assert "Hu 311" in html
    assert "Tswj Kev Tsheb" in html


@pytest.mark.parametrize("prefix", ["", "/es", "/so", "/hmn"])
@pytest.mark.parametrize("situation", ["danger", "crisis", "property", "parking", "other"])
def test_every_card_with_an_office_ends_with_its_number_to_call(client, prefix, situation):
    params = (
        {"step": "danger", "danger": "yes"}
        if situation == "danger"
        else {"step": "situation", "danger": "no", "situation": situation}
    )
    html = answer(client, prefix, **params)

    bodies = re.findall(r'<div class="usa-card__body">(.*?)</div>', html, flags=re.S)
    assert bodies
    for body in bodies:
        if "COPE" in body:  # the City publishes no number for the County's team
            continue
        last = re.findall(r"<p>(.*?)</p>", body, flags=re.S)[-1]
        assert last.startswith('<a class="site-help-number" href="tel:'), body


def cope_card(html: str) -> str:
    return next(body for body in html.split('<li class="usa-card') if "COPE" in body).split("</li>")[0]


@pytest.mark.parametrize("prefix", ["", "/es", "/so", "/hmn"])
def test_the_county_crisis_team_card_names_the_team_without_911s_number_or_an_address(client, prefix):
    html = answer(client, prefix, step="situation", danger="no", situation="crisis")

    card = cope_card(html)
    assert "tel:" not in card
    assert "hennepin.us" not in card
    assert "<a " not in card
    assert 'href="tel:911"' in html  # 911 keeps its own card


def test_the_county_crisis_team_card_links_the_page_staff_give_it(client):
    HelpDestination.objects.filter(title_en__contains="COPE").update(url="https://example.org/crisis-team")

    html = answer(client, "/so", step="situation", danger="no", situation="crisis")

    assert '<a href="https://example.org/crisis-team">Wax ka akhri Kooxda COPE' in cope_card(html)
    home = assert_valid_html(client.get("/"))
    assert "Hennepin County&#x27;s COPE mobile crisis team</a>" in home


def test_the_home_page_gives_the_county_crisis_team_no_number(client):
    home = assert_valid_html(client.get("/"))

    item = home[home.index("COPE mobile crisis team") :].split("</li>")[0]
    assert "tel:" not in item


def test_the_online_report_card_gives_311s_hours_as_its_phone_lines(client):
    html = answer(client, step="situation", danger="no", situation="property")

    card = next(body for body in html.split('<li class="usa-card') if "Start an online report" in body)
    # The form itself is open at all hours: the hours follow the number, as the phone line's.
    assert card.index('href="tel:311"') < card.index(
        "Phone lines: 7 a.m. \N{EN DASH} 7 p.m., Monday \N{EN DASH} Friday"
    )


@pytest.mark.parametrize("phone", [None, ""])
def test_a_destination_without_a_number_to_call_or_a_link_is_refused(phone):
    office = None if phone is None else Office.objects.create(name="Front desk", phone=phone)
    destination = HelpDestination(situation="other", title="Ask", description="Any time.", office=office)

    with pytest.raises(ValidationError) as refused:
        destination.full_clean()

    assert refused.value.message_dict["office"] == [
        "Choose an office with a phone number, or give the service's link: every card ends with a way to "
        "reach it."
    ]
    destination.url = "https://example.org/front-desk"
    destination.full_clean()

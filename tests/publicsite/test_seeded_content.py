"""The seeded pages say only what the City's pages say: each program its own phases, no inferred
status or date shown as fact, no partner or office description the City did not give."""

import pytest

from pilots.models import Phase, Program
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db

FUNDED_PILOTS = {"MH1", "MH2", "MH3", "R4"}


def program_page(client, code: str, prefix: str = "") -> str:
    slug = Program.objects.get(code=code).slug
    return assert_valid_html(client.get(f"{prefix}/programs/{slug}/"))


def test_the_four_funded_pilots_have_the_2021_phases_as_their_own():
    kinds = {code: [] for code in FUNDED_PILOTS}
    for phase in Phase.objects.filter(program__isnull=False).select_related("program"):
        kinds[phase.program.code].append(phase.kind)

    assert kinds == {code: ["planning", "pilot", "analysis", "report"] for code in FUNDED_PILOTS}


@pytest.mark.parametrize("prefix", ["", "/hmn"])
def test_a_program_without_phases_shows_none(client, prefix):
    html = program_page(client, "R1", prefix)

    assert "usa-step-indicator" not in html
    assert "Every phase's published end date has passed" not in html


def test_a_funded_pilot_shows_its_own_phases(client):
    html = program_page(client, "MH3")

    assert html.count("usa-step-indicator__segment--complete") == 4
    assert "Every phase's published end date has passed" in html


def test_a_status_the_city_published_is_shown_without_the_date_it_did_not(client):
    html = program_page(client, "MH1")

    assert ">Active</span>" in html
    assert "since" not in html
    assert "(expected)" not in html


@pytest.mark.parametrize(
    ("prefix", "expected"), [("", "(expected)"), ("/es", "(previsto)"), ("/so", "(la filayo)")]
)
def test_an_inferred_status_is_called_expected(client, prefix, expected):
    html = program_page(client, "MH4", prefix)

    assert expected in html
    cards = assert_valid_html(client.get(f"{prefix}/programs/"))
    assert cards.count(expected) == Program.objects.filter(status_is_inferred=True).count()


def test_a_status_date_staff_publish_is_shown(client):
    Program.objects.filter(code="R4").update(status_date_is_inferred=False)

    assert "since April 1, 2021" in program_page(client, "R4")


def test_programs_keep_only_the_partners_the_citys_pages_name():
    partners = {
        program.code: sorted(partner.name for partner in program.partners.all())
        for program in Program.objects.prefetch_related("partners")
    }

    assert partners == {
        "MH1": [],
        "MH2": ["Minneapolis 911 (Emergency Communications)"],
        "MH3": ["Minneapolis 911 (Emergency Communications)"],
        "MH4": [],
        "R1": ["Minneapolis 311"],
        "R2": [],
        "R3": ["Minneapolis 311"],
        "R4": [],
        "RS": ["Traffic Control"],
        "": [],
    }


@pytest.mark.parametrize("prefix", ["", "/es", "/so", "/hmn"])
def test_program_and_accessibility_pages_do_not_send_people_to_311_for_opi(client, prefix):
    for html in (
        program_page(client, "R4", prefix),
        assert_valid_html(client.get(f"{prefix}/accessibility/")),
    ):
        assert 'href="tel:311"' not in html.split("<footer")[0]


def test_the_glossary_says_311_is_planned_not_done(client):
    html = assert_valid_html(client.get("/glossary/"))

    assert "now go to 311" not in html
    assert "The City plans to ask people who report some issues" in html
    assert "do not carry weapons" not in html


def test_the_contact_page_gives_no_office_description_the_city_did_not(client):
    html = assert_valid_html(client.get("/contact/"))

    assert "Runs the City's community safety programs" not in html
    assert "The City team&#x27;s office in the Public Service Center" not in html
    assert "612-673-2482" in html
    assert "Room 110B" in html

import datetime

import pytest
from django.utils import translation

from pilots.models import Milestone, Partner, Phase, Program

pytestmark = pytest.mark.django_db


def test_every_program_of_the_initiative_is_published_with_its_code():
    codes = set(Program.objects.published().values_list("code", flat=True))

    assert codes == {"MH1", "MH2", "MH3", "MH4", "R1", "R2", "R3", "R4", "RS", ""}
    assert Program.objects.get(code="").name == "Community Safety Ambassadors"


def test_r2_is_marked_as_inferred():
    assert "Inferred" in Program.objects.get(code="R2").source_note


def test_opi_leads_four_pilots_and_supports_the_rest():
    leads = set(Program.objects.filter(opi_role=Program.Role.LEAD).values_list("code", flat=True))

    assert leads == {"MH1", "MH2", "MH3", "R4"}


@pytest.mark.parametrize("language", ["es", "so", "hmn"])
def test_program_names_summaries_and_goals_are_translated(language):
    for program in Program.objects.prefetch_related("goals"):
        with translation.override(language):
            assert getattr(program, f"name_{language}")
            assert getattr(program, f"summary_{language}")
            assert all(getattr(goal, f"text_{language}") for goal in program.goals.all())


def test_the_2021_phases_run_from_planning_to_the_council_report():
    phases = Phase.objects.initiative()

    assert [phase.kind for phase in phases] == ["planning", "pilot", "analysis", "report"]
    assert phases[0].starts_on == datetime.date(2021, 1, 1)


def test_the_timeline_runs_from_the_council_direction_in_2018_to_funding_in_2021():
    dates = list(Milestone.objects.values_list("occurred_on", flat=True))

    assert dates[0] == datetime.date(2018, 12, 1)
    for day in ("2020-07-24", "2020-11-05", "2020-12-15", "2021-01-26"):
        assert datetime.date.fromisoformat(day) in dates
    assert Milestone.objects.filter(description__contains="HF515").exists()


def test_partners_include_city_departments_and_the_county_crisis_team():
    short_names = set(Partner.objects.values_list("short_name", flat=True))

    assert {"MPD", "MFD", "911", "OVP", "311", "COPE"} <= short_names
    assert Program.objects.get(code="RS").partners.filter(name="Traffic Control").exists()


def test_statuses_the_city_did_not_publish_are_marked_as_inferred():
    # The City's pages mark MH1, MH2 and R4 "Active" and give no other program a status.
    published = set(Program.objects.filter(status_is_inferred=False).values_list("code", flat=True))

    assert published == {"MH1", "MH2", "R4"}


def test_the_state_bills_carry_the_year_the_city_gives_and_no_month():
    bills = Milestone.objects.get(description__contains="HF515")

    assert bills.date_precision == "year"
    assert bills.occurred_on == datetime.date(2021, 1, 1)
    assert "heard in committee" not in bills.description


def test_the_crisis_teams_text_says_police_may_not_be_the_primary_response():
    description = Program.objects.get(code="MH1").description

    assert "police may not be the primary response" in description
    assert "no longer" not in description

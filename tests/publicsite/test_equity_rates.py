"""Rates within each group beside the shares of a total (accepted of the group's reports, the
follow-up given of those who chose one, the median days to a decision), checked against figures
worked out by hand; on the public page and in the Council report a rate hides with either of its
counts, and a gap between two groups that the hidden counts cover shows only on OPI's dashboard."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from publicsite import council_report
from publicsite.dashboards import ward_figures
from publicsite.forms import ended_quarters
from publicsite.models import PopulationShare
from publicsite.suppression import Figure, Rate, rate_of
from reporting.models import RetiredReport
from tests.publicsite.test_report_figures import csv_rows
from tests.reporting.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


def group(count: int, accepted: int, days: int, **answers) -> None:
    """`count` reports with these answers, made online in the middle of the last ended quarter with
    an online follow-up, the first `accepted` accepted `days` days later and the others waiting.
    They are kept as deleted reports' figures, which count as live reports do
    (`reporting.retention`): one insert for them all."""
    _key, start, _end = ended_quarters()[0]
    made = timezone.make_aware(datetime.datetime(start.year, start.month + 1, 15))
    RetiredReport.objects.bulk_create(
        RetiredReport(
            channel="online",
            follow_up="online",
            created_at=made,
            status="accepted" if number < accepted else "submitted",
            has_case_number=number < accepted,
            decided_at=made + datetime.timedelta(days=days) if number < accepted else None,
            **answers,
        )
        for number in range(count)
    )


def columns(rows: list[list[str]], *headings: str) -> dict[str, list[str]]:
    """Each row's cells under these headings, by the row's label."""
    header, *body = rows
    positions = [header.index(heading) for heading in headings]
    return {row[0]: [row[p] if p < len(row) else None for p in positions] for row in body}


@pytest.fixture
def two_groups():
    """36 Black residents, 24 of them accepted after 2 days, and 45 White residents, 15 accepted
    after 5 days; every other report waits (none of those counts is small enough to hide)."""
    PopulationShare.objects.all().delete()
    group(36, 24, 2, race_ethnicity="black")
    group(45, 15, 5, race_ethnicity="white")


def test_rates_stand_beside_the_shares_worked_out_by_hand(client, two_groups):
    accepted = csv_rows(client, "/data/reports/accepted-by-race_ethnicity.csv")

    by_group = columns(accepted, "Reports", "Share of total (%)", "Accepted, of the group's reports (%)")
    # Of 39 accepted, 24 and 15 (61.5 % and 38.5 %); of each group's own reports, 24 of 36 and 15 of 45.
    assert by_group["Black or African American"] == ["24", "61.5", "66.7"]
    assert by_group["White"] == ["15", "38.5", "33.3"]
    assert by_group["Asian or Asian American"] == ["0", "0", ""]  # no reports: no rate, and nothing hidden
    assert by_group["Total"] == ["39", None, None]


def test_the_follow_up_given_is_a_rate_of_those_who_chose_one(client, two_groups):
    # An online follow-up is given once the resident is told the decision: the 24 and the 15.
    given = csv_rows(client, "/data/reports/follow-up-given-by-race_ethnicity.csv")

    by_group = columns(given, "Reports", "Got it, of the group's residents who chose one (%)")
    assert by_group["Black or African American"] == ["24", "66.7"]
    assert by_group["White"] == ["15", "33.3"]


def test_the_median_days_to_a_decision_per_group(client, two_groups):
    days = csv_rows(client, "/data/reports/days-by-race_ethnicity.csv")

    assert columns(days, "Median days")["Black or African American"] == ["2"]
    assert columns(days, "Median days")["White"] == ["5"]
    assert columns(days, "Median days")["Asian or Asian American"] == [""]  # none decided: none hidden


def test_the_page_shows_the_rates_in_a_headed_column(client, two_groups):
    page = client.get("/data/").content.decode()

    assert '<th scope="col">Accepted, of the group&#x27;s reports (%)</th>' in page
    assert "<td>66.7</td>" in page


@pytest.fixture
def gap():
    """The gap of the issue: 25 of 25 Black residents accepted, 5 of 15 White residents."""
    group(25, 25, 1, race_ethnicity="black")
    group(15, 5, 1, race_ethnicity="white")


def test_a_rate_is_hidden_with_its_count_on_the_public_page(client, gap):
    accepted = csv_rows(client, "/data/reports/accepted-by-race_ethnicity.csv")

    by_group = columns(accepted, "Reports", "Accepted, of the group's reports (%)")
    # 5 is small, and so is the 10 White reports waiting; the 30 accepted in all hide with them, or
    # less the 25 shown they would give the 5 back. 25 of 25 is shown: both counts are.
    assert by_group["White"] == ["suppressed", "suppressed"]
    assert by_group["Black or African American"] == ["25", "100"]
    assert by_group["Total"] == ["suppressed", None]


def test_a_rate_hides_when_either_count_does_and_is_empty_of_none():
    shown, hidden, none = Figure("a", 12), Figure("b", None), Figure("c", 0)

    assert rate_of(shown, Figure("all", 48)) == Rate(Decimal("25.0"))
    assert rate_of(shown, hidden) == Rate(None, suppressed=True)
    assert rate_of(hidden, shown) == Rate(None, suppressed=True)
    assert rate_of(none, none) == Rate(None)


def test_rates_by_ward_are_of_each_wards_reports():
    by_ward = {
        1: {"reports": 40, "accepted": 30, "follow_up_given": 10},
        2: {"reports": 0, "accepted": 0, "follow_up_given": 0},
        None: {"reports": 8, "accepted": 2, "follow_up_given": 8},
    }
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)

    reports, accepted, given = ward_figures({"by_ward": by_ward}, {}, start, end, threshold=0).tables

    assert not reports.has_rate
    assert [row.rate.percent for row in accepted.rows] == [75, None, 25]
    assert [row.rate.percent for row in given.rows] == [25, None, 100]
    assert accepted.rate_heading == "Accepted, of the ward's reports (%)"


def test_the_council_report_gives_the_rates(two_groups):
    _key, start, end = ended_quarters()[0]

    text = pdf_text(council_report.build(start, end, "en"))

    assert "Accepted, of the group's reports (%)" in text
    assert "66.7" in text and "33.3" in text


def test_no_report_in_the_quarter_gives_empty_rates_not_hidden_ones(client):
    accepted = csv_rows(client, "/data/reports/accepted-by-race_ethnicity.csv")

    rates = columns(accepted, "Accepted, of the group's reports (%)")
    assert {cells[0] for label, cells in rates.items() if label != "Total"} == {""}

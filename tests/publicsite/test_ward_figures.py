"""R4's figures by ward on the public data page and OPI's dashboard: counted by the ward of the
matched address (unmatched reports as their own row), suppressed on the public page as every
breakdown is, each table with its CSV, and the map drawn only where the wards' shapes exist."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting import aggregates, retention, services
from reporting.models import WARDS
from tests.factories import make_address_point, make_report, make_report_in, make_ward_shapes
from tests.publicsite.conftest import assert_valid_html
from tests.publicsite.test_pilot_dashboard import csv_rows as dashboard_rows
from tests.publicsite.test_pilot_dashboard import dashboard_url
from tests.publicsite.test_report_figures import csv_rows, into_last_quarter

pytestmark = pytest.mark.django_db


def reports_in(ward: int | None, count: int, *, accepted: int = 0, staff=None) -> None:
    """`count` online reports matched to a point in `ward` (unmatched for None), the first
    `accepted` of them accepted, which tells the resident online: the follow-up they chose."""
    point = make_address_point(ward) if ward else None
    for index in range(count):
        report, _token = make_report(address_point=point)
        if index < accepted:
            services.accept(report, actor=staff)


@pytest.fixture
def wards(report_taker):
    """Ward 1: 14 reports, 12 accepted; ward 2: 13, none accepted; ward 3: 3; 12 not matched."""
    staff = report_taker.user
    reports_in(1, 14, accepted=12, staff=staff)
    reports_in(2, 13)
    reports_in(3, 3)
    reports_in(None, 12)
    into_last_quarter()


def test_reports_are_counted_in_the_ward_of_their_matched_address(report_taker):
    reports_in(1, 2, accepted=1, staff=report_taker.user)
    reports_in(5, 1)
    reports_in(None, 1)

    by_ward = aggregates.pilot_figures()["by_ward"]

    assert list(by_ward) == [*WARDS, None]
    assert by_ward[1] == {"reports": 2, "accepted": 1, "follow_up_given": 1}
    assert by_ward[5] == {"reports": 1, "accepted": 0, "follow_up_given": 0}
    assert by_ward[None] == {"reports": 1, "accepted": 0, "follow_up_given": 0}
    assert sum(counts["reports"] for counts in by_ward.values()) == 4


def test_a_report_keeps_its_ward_when_the_retention_schedule_removes_its_address(report_taker):
    point = make_address_point(7)
    closed = make_report_in("closed", report_taker.user)
    declined = make_report_in("declined", report_taker.user)
    for report in (closed, declined):
        report.address_point = point
        report.save(update_fields=["address_point"])

    retention.anonymise_report(closed)
    retention.delete_report(declined)

    closed.refresh_from_db()
    assert closed.address_point is None
    assert aggregates.pilot_figures()["by_ward"][7]["reports"] == 2


def test_the_public_table_hides_a_small_ward_and_what_would_give_it_away(client, wards):
    rows = csv_rows(client, "/data/reports/reports-by-ward.csv")

    assert rows[0] == ["Ward", "Reports", "Share of total (%)"]
    by_label = {row[0]: row[1] for row in rows[1:]}
    assert by_label["Ward 1"] == "14"
    assert by_label["Ward 2"] == "13"
    assert by_label["Ward 3"] == "suppressed"  # 3 reports: at or under the threshold
    # With the total shown, the other hidden count must hide with it: 42 - 14 - 13 - 0 = 15
    # is the sum of two hidden counts, which gives neither away.
    assert by_label["Address not matched"] == "suppressed"
    assert by_label["Ward 4"] == "0"
    assert by_label["Total"] == "42"


def test_the_accepted_and_follow_up_tables_add_up_to_their_totals_on_the_page(client, wards):
    accepted = csv_rows(client, "/data/reports/accepted-by-ward.csv")
    given = csv_rows(client, "/data/reports/follow-up-given-by-ward.csv")

    assert accepted[0] == [
        "Ward",
        "Accepted reports",
        "Share of total (%)",
        "Accepted, of the ward's reports (%)",
    ]
    assert dict(row[:2] for row in accepted[1:])["Ward 1"] == "12"
    assert dict(row[:2] for row in accepted[1:])["Total"] == "12"
    assert given[0] == [
        "Ward",
        "Residents",
        "Share of total (%)",
        "Got it, of the ward's residents who chose one (%)",
    ]
    assert dict(row[:2] for row in given[1:])["Ward 1"] == "12"


def test_no_ward_count_from_1_to_10_is_shown_in_any_table(client, report_taker):
    reports_in(1, 11, accepted=4, staff=report_taker.user)
    reports_in(2, 2)
    reports_in(None, 20)
    into_last_quarter()

    for table in ("reports-by-ward", "accepted-by-ward", "follow-up-given-by-ward"):
        for row in csv_rows(client, f"/data/reports/{table}.csv")[1:]:
            assert not (row[1].isdigit() and 1 <= int(row[1]) <= 10), (table, row)


def test_opis_dashboard_shows_every_ward_count_whole(opi_staff, wards):
    rows = dashboard_rows(opi_staff, "reports-by-ward")

    by_label = {row[0]: row[1] for row in rows[1:]}
    assert by_label["Ward 3"] == "3"
    assert by_label["Address not matched"] == "12"
    assert by_label["Total"] == "42"


def wards_drawn(html: str) -> dict[str, str]:
    """The map's wards, each with its path's classes and fill."""
    return {
        ward: attributes
        for attributes, ward in re.findall(
            r'<path class="([^"]*"(?: fill="[^"]*")?) d="[^"]*" data-ward="(\d+)"', html
        )
    }


def test_the_data_page_draws_the_map_where_the_wards_shapes_exist(client, wards):
    make_ward_shapes()

    html = assert_valid_html(client.get("/data/"))

    assert '<svg class="site-map"' in html
    drawn = wards_drawn(html)
    assert sorted(drawn, key=int) == [str(ward) for ward in WARDS]
    assert "site-map__hidden" in drawn["3"] and "url(#ward-map-hatch)" in drawn["3"]
    assert "site-map__hidden" not in drawn["1"]
    assert "Not shown (suppressed)" in html
    assert "the same numbers are in the table below" in html


def test_without_the_wards_shapes_the_page_shows_the_tables_only(client, wards):
    html = assert_valid_html(client.get("/data/"))

    assert "site-map" not in html
    assert "Reports by ward" in html
    assert "/data/reports/reports-by-ward.csv" in html


def test_the_dashboard_draws_the_map_with_no_ward_hidden(opi_staff, wards):
    make_ward_shapes()

    html = assert_valid_html(opi_staff.get(dashboard_url()))

    assert len(wards_drawn(html)) == len(WARDS)
    assert "site-map__hidden" not in html


def test_the_ward_figures_cost_the_same_queries_with_more_wards_and_shapes(client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/data/").status_code == 200
        return len(captured)

    reports_in(1, 1)
    make_ward_shapes([1])
    few = queries()
    for ward in WARDS:
        reports_in(ward, 2)
    make_ward_shapes([ward for ward in WARDS if ward != 1])
    cache.clear()

    assert queries() == few

"""The data page's R4 section, counted from reports: small counts hidden in the table, chart and
CSV alike, no figure that identifies a resident, one ended quarter chosen in the URL."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from publicsite.dashboards import REPORT_THRESHOLD
from publicsite.forms import ended_quarters
from publicsite.models import PopulationShare
from reporting import services
from reporting.models import Report
from tests.factories import make_report
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db


def into_last_quarter() -> None:
    """Every report made so far, as made in the middle of the last quarter that has ended, the
    one the page shows unless the reader picks another."""
    _key, start, _end = ended_quarters()[0]
    Report.objects.update(created_at=timezone.make_aware(timezone.datetime(start.year, start.month + 1, 15)))


def reports(count: int, **fields) -> None:
    for _ in range(count):
        make_report(**fields)
    into_last_quarter()


def csv_rows(client, path) -> list[list[str]]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_threshold_is_the_one_the_page_states(client):
    assert REPORT_THRESHOLD == 10
    assert "every count from 1 to 10 is suppressed" in client.get("/data/").content.decode()


def test_a_count_at_the_threshold_is_hidden_with_the_total_it_would_give_away(client):
    reports(REPORT_THRESHOLD)

    assert csv_rows(client, "/data/reports/by-channel.csv") == [
        ["Channel", "Reports", "Share of total (%)"],
        ["Online", "suppressed", "suppressed"],
        ["By phone", "0", "suppressed"],  # a share of a hidden total is hidden too
        ["In person", "0", "suppressed"],
        ["Total", "suppressed"],
    ]


def test_a_count_above_the_threshold_is_shown(client):
    reports(REPORT_THRESHOLD + 1)

    assert csv_rows(client, "/data/reports/by-channel.csv")[1] == ["Online", "11", "100"]
    assert csv_rows(client, "/data/reports/decisions.csv")[-2:] == [
        ["Waiting for a decision", "11", "100"],
        ["Total", "11"],
    ]


@pytest.fixture
def lone_resident(report_taker):
    """Twelve White residents and one American Indian resident, the only one to call by phone."""
    reports(12, race_ethnicity="white", gender="woman")
    make_report(race_ethnicity="american_indian", gender="woman", channel="phone", taken_by=report_taker.user)
    into_last_quarter()


def test_a_resident_alone_in_their_group_cannot_be_picked_out(client, lone_resident):
    rows = csv_rows(client, "/data/reports/reports-by-race_ethnicity.csv")

    by_group = {row[0]: row[1:] for row in rows[1:]}
    assert by_group["American Indian or Alaska Native"] == ["suppressed", "suppressed", ""]
    # The only other group with reports is hidden too, so 13 minus it gives nothing away.
    assert by_group["White"][:2] == ["suppressed", "suppressed"]
    assert by_group["Total"] == ["13"]
    assert csv_rows(client, "/data/reports/by-channel.csv")[2] == ["By phone", "suppressed", "suppressed"]


def test_the_lone_resident_is_hidden_in_the_page_table_and_chart_too(client, lone_resident):
    html = assert_valid_html(client.get("/data/"))

    assert '<th scope="row">American Indian or Alaska Native</th><td>suppressed</td>' in html
    chart = html.split('id="reports-reports-by-race_ethnicity-title"')[1].split("</svg>")[0]
    bars = [bar for bar in chart.split("<rect")[1:] if 'width="0.0"' not in bar]
    assert bars == []  # every group with reports is hidden: no bar is drawn
    assert chart.count("suppressed") == 2


def test_population_shares_stand_beside_the_groups_they_name(client):
    reports(11, race_ethnicity="white")
    PopulationShare.objects.all().delete()
    PopulationShare.objects.create(dimension="race_ethnicity", category="white", percent="63.0")

    rows = csv_rows(client, "/data/reports/reports-by-race_ethnicity.csv")

    assert rows[0][-1] == "Share of population (%)"
    assert ["White", "11", "100", "63"] in rows


def test_the_seeded_population_share_names_a_group_of_the_form():
    assert list(PopulationShare.objects.values_list("dimension", "category", "percent")) == [
        ("race_ethnicity", "white", pytest.approx(63))
    ]


def test_the_reader_picks_an_ended_quarter_in_the_url(client):
    report, _token = make_report()
    Report.objects.filter(pk=report.pk).update(created_at=timezone.make_aware(timezone.datetime(2024, 2, 10)))

    response = client.get("/data/?quarter=2024-Q1")

    html = assert_valid_html(response)
    assert "Reports received per week, January 2024 \N{EN DASH} March 2024" in html
    assert '<option value="2024-Q1" selected>January 2024 \N{EN DASH} March 2024</option>' in html
    assert f'<option value="{ended_quarters()[0][0]}">' in html
    rows = csv_rows(client, "/data/reports/received.csv?quarter=2024-Q1")
    assert rows[0] == ["Week starting", "Reports"]
    assert [row for row in rows if row[1] != "0"] == [
        ["Week starting", "Reports"],
        ["02/05/2024", "suppressed"],
        ["Total", "suppressed"],  # it would give that week's count
    ]


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("quarter=2024-Q5", "/data/"),
        ("quarter=soon", "/data/"),
        ("quarter=2020-Q4", "/data/"),
        ("quarter=2999-Q1", "/data/"),
        (f"quarter={ended_quarters()[0][0]}", "/data/"),
        ("start=2024-01&end=2024-03", "/data/"),  # the month ranges of old links
        ("quarter=2024-Q1&utm_source=x", "/data/?quarter=2024-Q1"),
        ("quarter=2024-Q1&quarter=2024-Q2", "/data/?quarter=2024-Q2"),
    ],
)
def test_anything_but_an_ended_quarter_gives_the_default_never_an_error(client, query, target):
    response = client.get(f"/data/?{query}")

    assert response.status_code == 302
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_the_quarter_under_way_is_not_shown(client):
    """Its figures grow every day: two copies a day apart would give that day's reports."""
    reports(REPORT_THRESHOLD + 1)
    make_report()  # today, in the quarter under way

    assert csv_rows(client, "/data/reports/by-channel.csv")[1] == ["Online", "11", "100"]
    today = timezone.localdate()
    assert client.get(f"/data/?quarter={today:%Y}-Q{(today.month + 2) // 3}").status_code == 302


def test_a_bad_month_in_a_csv_link_gives_the_default_range(client):
    response = client.get("/data/reports/decisions.csv?start=nonsense")

    assert response.status_code == 302
    assert response["Location"] == "/data/reports/decisions.csv"


def test_an_unknown_report_table_is_not_found(client):
    assert client.get("/data/reports/names.csv").status_code == 404


def test_the_page_cache_holds_the_validated_quarter_never_the_raw_query_string(client):
    canonical = "/data/?quarter=2024-Q1"
    client.get(canonical)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(canonical).status_code == 200
    assert len(queries) == 0

    for _visit in range(2):
        reordered = client.get("/data/?x=1&quarter=2024-Q1")
        assert reordered.status_code == 302
        assert reordered["Location"] == canonical
    assert client.get("/data/?quarter=2024-Q2").content != client.get(canonical).content


def test_the_figures_are_cached_and_new_reports_do_not_change_the_content_version(client):
    reports(REPORT_THRESHOLD + 1)
    first = client.get("/data/").content

    make_report()

    # A report is not published content: the page stays cached until it expires, within the hour.
    assert client.get("/data/").content == first


def test_a_hidden_week_cannot_be_worked_out_from_the_total(client):
    for day, count in ((10, 12), (40, 3)):
        for _ in range(count):
            report, _token = make_report()
            created = timezone.make_aware(timezone.datetime(2024, 1, 1)) + timezone.timedelta(days=day)
            Report.objects.filter(pk=report.pk).update(created_at=created)

    rows = csv_rows(client, "/data/reports/received.csv?quarter=2024-Q1")

    assert [row for row in rows[1:] if row[1] != "0"] == [
        ["01/08/2024", "suppressed"],  # 12, the smallest other count, hidden with February's 3
        ["02/05/2024", "suppressed"],
        ["Total", "15"],
    ]


def test_the_follow_up_given_is_hidden_with_those_who_did_not_get_it(client, report_taker):
    reports(REPORT_THRESHOLD + 2)
    decided, _token = make_report()
    services.accept(decided, actor=report_taker.user)
    into_last_quarter()

    rows = csv_rows(client, "/data/reports/follow-up-given.csv")

    assert rows == [
        ["Follow-up chosen", "Residents who got it", "Of those who chose it (%)"],
        # 1 of 13 told a decision: the 1 is hidden, and so the 12 who were not, and the share.
        ["Online only", "suppressed", "suppressed"],
        ["A phone call", "0", ""],
        ["An in-person visit from City staff", "0", ""],
    ]


def test_a_share_of_no_reports_is_empty_not_said_hidden(client):
    """With no reports in the quarter nothing is hidden: every count is 0 and there is no share."""
    rows = csv_rows(client, "/data/reports/by-channel.csv")

    assert rows[1:] == [["Online", "0", ""], ["By phone", "0", ""], ["In person", "0", ""], ["Total", "0"]]
    page = client.get("/data/").content.decode()
    assert "<td>0</td><td></td>" in page.replace("\n", "").replace(" ", "")

"""The data page: charts, tables and CSV files show the same figures, with small counts hidden."""

import csv
import datetime
import io

import pytest

from pilots.models import Metric, MetricValue
from publicsite.models import PopulationShare
from tests.factories import make_metric, make_program
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db

JAN = (datetime.date(2024, 1, 1), datetime.date(2024, 1, 31))
FEB = (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))


def add(metric, period, value, category=""):
    MetricValue.objects.create(
        metric=metric,
        period_start=period[0],
        period_end=period[1],
        value=value,
        breakdown_dimension="race" if category else "",
        breakdown_category=category,
        is_published=True,
    )


@pytest.fixture
def metric():
    program = make_program(name="Crisis teams test")
    metric = make_metric(
        program=program, code="calls-answered", name="Calls answered", suppression_threshold=10
    )
    add(metric, JAN, 7)
    add(metric, FEB, 120)
    for category, value in (("Black", 60), ("White", 4), ("Asian", 30), ("Latino", 26)):
        add(metric, FEB, value, category)
    PopulationShare.objects.create(dimension="race", category="Black", percent="19.0")
    return metric


def csv_rows(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_small_counts_are_hidden_in_the_table_chart_and_csv(client, metric):
    html = assert_valid_html(client.get("/data/"))

    assert '<th scope="row">January 2024</th><td>suppressed</td>' in html
    assert csv_rows(client, "/data/calls-answered/over-time.csv") == [
        ["Period", "Count"],
        ["January 2024", "suppressed"],
        ["February 2024", "120"],
    ]
    # One bar for February only: January's slot stays empty.
    chart = html.split('id="calls-answered-over-time-title"')[1].split("</svg>")[0]
    assert chart.count("<rect") == 1


def test_a_hidden_count_cannot_be_worked_out_from_the_total(client, metric):
    rows = csv_rows(client, "/data/calls-answered/by-race.csv")

    assert rows[0] == ["race", "Count", "Share of total (%)", "Share of population (%)"]
    assert rows[1:] == [
        ["Asian", "30", "25", ""],
        ["Black", "60", "50", "19"],
        ["Latino", "suppressed", "suppressed", ""],  # the next smallest, hidden with White
        ["White", "suppressed", "suppressed", ""],
        ["Total", "120"],
    ]


def test_the_page_table_matches_the_csv(client, metric):
    html = client.get("/data/").content.decode()
    table = html.split("<caption>Calls answered, by race, February 2024</caption>")[1].split("</table>")[0]

    assert table.count("suppressed") == 4  # Latino and White: count and share
    assert "<td>50</td>" in table and "<td>19</td>" in table


def test_demo_and_private_metrics(client, metric):
    hidden = make_metric(program=metric.program, code="private-metric", name="Internal only", is_public=False)
    add(hidden, JAN, 500)
    Metric.objects.filter(pk=metric.pk).update(is_demo=True)

    html = client.get("/data/").content.decode()

    assert "Internal only" not in html
    assert "Demo figures, not real data" in html
    assert client.get("/data/private-metric/over-time.csv").status_code == 404
    assert client.get("/data/calls-answered/no-such-table.csv").status_code == 404


def test_csv_headers_follow_the_readers_language(client, metric):
    rows = csv_rows(client, "/es/data/calls-answered/over-time.csv")

    assert rows[0][0] == "Período"
    assert rows[1][1] == "no se muestra"


def test_staff_typed_labels_cannot_become_formulas_in_the_csv(client, metric):
    add(metric, FEB, 40, category=' =HYPERLINK("https://evil.example")')

    rows = csv_rows(client, "/data/calls-answered/by-race.csv")

    assert rows[1][:2] == ['\' =HYPERLINK("https://evil.example")', "40"]

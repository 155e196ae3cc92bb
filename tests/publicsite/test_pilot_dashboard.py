"""OPI's dashboard in the admin: who may open it, what it shows unsuppressed, what it still hides."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.models import ScreeningExit
from tests.factories import (
    make_address_point,
    make_metric,
    make_metric_value,
    make_program,
    make_report,
    make_ward_shapes,
)
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db


def dashboard_url() -> str:
    return reverse("admin:pilot-dashboard")


def csv_url(table: str) -> str:
    return reverse("admin:pilot-dashboard-csv", kwargs={"table": table})


def csv_rows(client, table: str) -> list[list[str]]:
    response = client.get(csv_url(table))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_anonymous_visitors_are_sent_to_sign_in(anonymous):
    for url in (dashboard_url(), csv_url("decisions")):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("persona", ["staff_without_group", "report_taker"])
def test_staff_without_the_role_cannot_open_it(persona, request):
    client = request.getfixturevalue(persona)

    assert client.get(dashboard_url()).status_code == 403
    assert client.get(csv_url("decisions")).status_code == 403


@pytest.mark.parametrize("persona", ["opi_staff", "supervisor"])
def test_opi_staff_and_supervisors_open_it(persona, request):
    client = request.getfixturevalue(persona)

    response = client.get(dashboard_url())

    assert response.status_code == 200
    assert "Theft and property-damage reports (pilot R4)" in response.content.decode()
    assert client.get(csv_url("decisions")).status_code == 200


def test_the_page_is_valid_html(opi_staff):
    make_report(race_ethnicity="black")
    ScreeningExit.objects.create(exit="parking", date=timezone.localdate(), count=2)
    make_metric_value()

    assert_valid_html(opi_staff.get(dashboard_url()))


def test_small_counts_are_shown_to_staff_they_name_no_one(opi_staff, report_taker):
    make_report(channel="phone", taken_by=report_taker.user)

    assert csv_rows(opi_staff, "by-channel")[1:] == [
        ["Online", "0", "0"],
        ["By phone", "1", "100"],
        ["In person", "0", "0"],
        ["Total", "1"],
    ]


def test_a_resident_alone_in_their_group_is_hidden_from_staff_too(opi_staff):
    for _ in range(12):
        make_report(race_ethnicity="white")
    make_report(race_ethnicity="american_indian")

    by_group = {row[0]: row[1:] for row in csv_rows(opi_staff, "reports-by-race_ethnicity")[1:]}

    assert by_group["American Indian or Alaska Native"][:2] == ["suppressed", "suppressed"]
    assert by_group["White"][:2] == ["suppressed", "suppressed"]
    page = opi_staff.get(dashboard_url()).content.decode()
    assert '<th scope="row">American Indian or Alaska Native</th><td>suppressed</td>' in page


def test_opi_staff_see_screening_exits_per_week(opi_staff):
    today = timezone.localdate()
    ScreeningExit.objects.create(exit="parking", date=today, count=3)
    ScreeningExit.objects.create(exit="danger", date=today, count=2)

    rows = csv_rows(opi_staff, "screening-exits-by-week-and-exit")

    assert rows[0][:3] == ["Week starting", "Danger or happening now: 911", "Someone hurt: 911"]
    [this_week] = [row for row in rows[1:] if set(row[1:]) != {"0"}]
    assert this_week[1] == "2"
    assert this_week[rows[0].index("Parking problem: 311 or Traffic Control")] == "3"
    totals = csv_rows(opi_staff, "screening-exits-by-week")
    assert [this_week[0], "5"] in totals


def test_the_other_pilots_imported_metrics_are_shown_public_or_not(opi_staff):
    metric = make_metric(
        program=make_program(code="MH9"), name="Crisis calls not yet public", is_public=False
    )
    make_metric_value(metric=metric, value=40)

    page = opi_staff.get(dashboard_url()).content.decode()

    assert "Crisis calls not yet public" in page
    assert csv_rows(opi_staff, f"{metric.code}-over-time")[1] == ["January 2024", "40"]


def test_months_that_cannot_be_read_are_explained_and_the_default_shown(opi_staff):
    response = opi_staff.get(f"{dashboard_url()}?start=2024-05&end=2024-01")

    assert response.status_code == 200
    assert "The first month must come before the last." in response.content.decode()


def test_an_unknown_table_is_not_found(opi_staff):
    assert opi_staff.get(csv_url("names")).status_code == 404


def test_the_dashboard_costs_the_same_queries_at_any_number_of_reports(
    opi_staff, django_assert_max_num_queries
):
    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert opi_staff.get(dashboard_url()).status_code == 200
        return len(captured)

    make_report(race_ethnicity="black")
    few = queries()
    make_ward_shapes()
    for number in range(20):
        make_report(race_ethnicity="white", gender="man", address_point=make_address_point(1 + number % 13))
    with django_assert_max_num_queries(few):
        opi_staff.get(dashboard_url())
    assert few <= 16

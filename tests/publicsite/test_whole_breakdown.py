"""OPI's dashboard shows one breakdown with no count hidden when asked: only to those who may open
the dashboard, one breakdown at a time, and each view recorded like any view of residents' data;
the rest of the dashboard and the public page stay suppressed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting.models import AccessRecord
from tests.publicsite.conftest import assert_valid_html
from tests.publicsite.test_equity_rates import columns, group
from tests.publicsite.test_pilot_dashboard import csv_rows, dashboard_url
from tests.publicsite.test_report_figures import csv_rows as public_csv_rows

pytestmark = pytest.mark.django_db

RATE = "Accepted, of the group's reports (%)"


def whole(query: str = "breakdown=race_ethnicity") -> str:
    return f"{dashboard_url()}?{query}"


def whole_csv(table: str, query: str = "breakdown=race_ethnicity") -> str:
    return reverse("admin:pilot-dashboard-csv", kwargs={"table": table}) + f"?{query}"


def whole_rows(client, table: str) -> list[list[str]]:
    return public_csv_rows(client, whole_csv(table))


@pytest.fixture
def gap():
    """The gap of the issue, in the months the dashboard shows by default (its last twelve): 25 of
    25 Black residents accepted, 5 of 15 White residents."""
    group(25, 25, 1, race_ethnicity="black")
    group(15, 5, 1, race_ethnicity="white")


def test_the_gap_the_public_page_hides_shows_to_opi_in_one_breakdown(opi_staff, client, gap):
    rows = whole_rows(opi_staff, "whole-accepted-by-race_ethnicity")

    by_group = columns(rows, "Reports", "Share of total (%)", RATE)
    assert by_group["Black or African American"] == ["25", "83.3", "100"]
    assert by_group["White"] == ["5", "16.7", "33.3"]
    assert by_group["Total"] == ["30", None, None]
    given = columns(
        whole_rows(opi_staff, "whole-follow-up-given-by-race_ethnicity"),
        "Got it, of the group's residents who chose one (%)",
    )
    assert given["White"] == ["33.3"]
    # The same figures stay hidden everywhere else: in the dashboard's usual table and in public.
    assert columns(csv_rows(opi_staff, "accepted-by-race_ethnicity"), RATE)["White"] == ["suppressed"]
    assert columns(public_csv_rows(client, "/data/reports/accepted-by-race_ethnicity.csv"), RATE)[
        "White"
    ] == ["suppressed"]


def test_the_page_shows_the_chosen_breakdown_whole_and_valid(opi_staff, gap):
    page = assert_valid_html(opi_staff.get(whole()))

    section = page.split('id="whole-breakdown"')[1]
    assert "By race or ethnicity, no count hidden" in section
    assert "Accepted reports by race or ethnicity" in section and "no count hidden" in section
    white = section.split('<th scope="row">White</th>')[2]  # the accepted reports' table
    assert white.split("</tr>")[0].split("<td>")[1:3] == ["5</td>", "16.7</td>"]


def test_without_a_choice_nothing_is_shown_whole_or_recorded(opi_staff, gap):
    page = opi_staff.get(dashboard_url()).content.decode()

    assert "no count hidden</h3>" not in page
    assert not AccessRecord.objects.exists()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "breakdown=race_ethnicity&breakdown=gender",
            "Choose one breakdown at a time: figures by two at once could single out a resident.",
        ),
        ("breakdown=names", "There is no breakdown by “names”. Choose one from the list."),
    ],
)
def test_two_breakdowns_or_an_unknown_one_get_a_message_and_nothing_whole(opi_staff, gap, query, message):
    response = opi_staff.get(whole(query))

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "no count hidden</h3>" not in page
    assert not AccessRecord.objects.exists()
    assert opi_staff.get(whole_csv("whole-accepted-by-race_ethnicity", query)).status_code == 404


def test_each_view_and_download_is_recorded_for_supervisors(opi_staff, supervisor, gap):
    opi_staff.get(whole("start=2026-01&end=2026-03&breakdown=gender"))
    opi_staff.get(whole_csv("whole-reports-by-gender", "start=2026-01&end=2026-03&breakdown=gender"))
    opi_staff.get(whole_csv("reports-by-gender", "start=2026-01&end=2026-03"))  # suppressed: not recorded

    records = list(AccessRecord.objects.order_by("id"))
    assert [(r.staff.username, r.kind, r.filters) for r in records] == [
        (opi_staff.user.username, "figures", "breakdown=gender start=2026-01 end=2026-03")
    ] * 2
    listing = supervisor.get(reverse("admin:reporting_accessrecord_changelist")).content.decode()
    assert "Figures by one breakdown, no count hidden" in listing
    assert "breakdown=gender start=2026-01 end=2026-03" in listing


def test_anonymous_visitors_are_sent_to_sign_in(anonymous):
    for url in (whole(), whole_csv("whole-reports-by-race_ethnicity")):
        response = anonymous.get(url)
        assert response.status_code == 302
    assert not AccessRecord.objects.exists()


@pytest.mark.parametrize("persona", ["staff_without_group", "report_taker"])
def test_staff_without_the_role_cannot_see_it(persona, request):
    client = request.getfixturevalue(persona)

    assert client.get(whole()).status_code == 403
    assert client.get(whole_csv("whole-reports-by-race_ethnicity")).status_code == 403
    assert not AccessRecord.objects.exists()


@pytest.mark.parametrize("persona", ["opi_staff", "supervisor"])
def test_opi_staff_and_supervisors_see_it(persona, request, gap):
    client = request.getfixturevalue(persona)

    assert "By race or ethnicity, no count hidden" in client.get(whole()).content.decode()
    assert AccessRecord.objects.get().staff == client.user


def test_the_whole_breakdown_costs_the_same_queries_at_any_number_of_reports(
    opi_staff, django_assert_max_num_queries
):
    group(1, 1, 1, race_ethnicity="black")
    with CaptureQueriesContext(connection) as captured:
        assert opi_staff.get(whole()).status_code == 200
    few = len(captured)
    group(30, 20, 3, race_ethnicity="white", gender="man")
    group(12, 2, 1, race_ethnicity="asian", age_range="25_34")
    with django_assert_max_num_queries(few):
        opi_staff.get(whole())
    assert few <= 17  # the dashboard's 16, and the access record

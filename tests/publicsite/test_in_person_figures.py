"""R4's in-person figures on the public data page and OPI's dashboard: where residents were
visited, days to a visit, visits not kept and staff time, suppressed as every count is."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from reporting import services
from reporting.models import Visit
from tests.factories import make_report, make_site
from tests.publicsite.test_pilot_dashboard import csv_rows as dashboard_rows
from tests.publicsite.test_report_figures import csv_rows, into_last_quarter

pytestmark = pytest.mark.django_db


def book(count: int, staff, *, site=None) -> list[Visit]:
    """`count` residents who chose a visit, each booked for its own half hour of tomorrow."""
    visits = []
    for _ in range(count):
        report, _token = make_report(follow_up="visit", phone="612-555-0100")
        start = datetime.combine(date.min, time(8)) + timedelta(minutes=30 * Visit.objects.count())
        visits.append(
            services.schedule_visit(
                report,
                actor=staff,
                date=timezone.localdate() + timedelta(days=1),
                window_start=start.time(),
                window_end=(start + timedelta(minutes=30)).time(),
                staff=staff,
                site=site,
                place="" if site else "At home",
            )
        )
    return visits


def held(visits: list[Visit], staff, *, minutes=None, days_after: int = 3) -> None:
    """The visits held `days_after` days after their reports were made."""
    for visit in visits:
        visit.refresh_from_db()
        Visit.objects.filter(pk=visit.pk).update(
            date=timezone.localdate(visit.report.created_at) + timedelta(days=days_after)
        )
        visit.refresh_from_db()
        services.record_visit(visit, actor=staff, outcome="held", minutes=minutes)


@pytest.fixture
def visits(report_taker):
    """14 visited three days after they reported, last quarter: 12 at home (40 minutes each), 2 at
    a site (with no minutes recorded)."""
    staff = report_taker.user
    site = make_site(name="Demo site: Lake Street")
    at_home, at_site = book(12, staff), book(2, staff, site=site)
    into_last_quarter()
    held(at_home, staff, minutes=40)
    held(at_site, staff)
    return site


def test_the_public_page_hides_a_small_site_and_the_place_that_would_give_it_back(client, visits):
    rows = csv_rows(client, "/data/reports/visited-at.csv")

    assert rows[1:] == [
        ["At home or another place of theirs", "suppressed", "suppressed"],
        ["Demo site: Lake Street", "suppressed", "suppressed"],
        ["Total", "14"],
    ]
    given = csv_rows(client, "/data/reports/follow-up-given.csv")
    assert given[3][:2] == ["An in-person visit from City staff", "14"]


def test_the_public_page_gives_days_to_a_visit_and_staff_time_over_enough_reports(client, visits):
    days = dict(csv_rows(client, "/data/reports/days-to-visit.csv")[1:])
    assert days["Residents visited, of those who chose a visit"] == "14"
    # Made at midnight, visited three days later between 8:00 and 14:30: the middle is 11:15.
    assert days["Median days to the first visit held"] == "3.5"
    assert days["Visits the resident was not there for"] == "0"

    minutes = dict(csv_rows(client, "/data/reports/staff-time.csv")[1:])
    assert minutes["All reports"] == "40"  # 12 reports had minutes recorded
    assert "By phone" not in minutes  # no report by phone had time recorded: no median at all


def test_opi_sees_each_place_and_a_median_over_few_reports(opi_staff, report_taker):
    site = make_site(name="Demo site: Lake Street")
    held(book(2, report_taker.user, site=site), report_taker.user, minutes=25, days_after=0)

    assert dashboard_rows(opi_staff, "visited-at")[1:] == [
        ["At home or another place of theirs", "0", "0"],
        ["Demo site: Lake Street", "2", "100"],
        ["Total", "2"],
    ]
    assert dict(dashboard_rows(opi_staff, "staff-time")[1:])["All reports"] == "25"


def test_a_median_over_too_few_reports_is_hidden_on_the_public_page(client, report_taker):
    booked = book(3, report_taker.user)
    into_last_quarter()
    held(booked, report_taker.user, minutes=30)

    minutes = dict(csv_rows(client, "/data/reports/staff-time.csv")[1:])

    assert minutes["All reports"] == "suppressed"
    assert minutes["Online"] == "suppressed"


def test_the_data_page_shows_the_in_person_tables_in_somali(client, visits):
    html = client.get("/so/data/").content.decode()

    assert 'id="report-visited-at-heading"' in html or "visited-at" in html
    assert "Demo site: Lake Street" in html

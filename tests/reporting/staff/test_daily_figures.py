"""The daily roll-ups of R4's figures: the pages read them, each change to a report marks its day
to be counted again, and the figures they give are those counted from every report: every count
exactly, each percentile of days within 0.5% of its value (plus the tenth of a day the pages round
to), staff minutes exactly."""

import io
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import SUPERVISORS
from reporting import aggregates, retention, rollups, services
from reporting.models import DailyFigures, Report, StaleDay, Visit
from tests.factories import make_address_point, make_reason, make_report, make_site, make_staff

pytestmark = pytest.mark.django_db

DAY_STEP = 0.1
BUCKET_ERROR = 0.005  # of (the value plus an hour), as `rollups.RATIO` bounds it


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def filed_on(day: date, hour: int = 10, **fields) -> Report:
    """A report submitted at `hour` o'clock, local time, on `day`."""
    with time_machine.travel(at(day, hour), tick=False):
        report, _token = make_report(**fields)
    return report


def on(day: date, hour: int, action, *args, **kwargs):
    """Run a service as if at `hour` o'clock on `day`."""
    with time_machine.travel(at(day, hour), tick=False):
        return action(*args, **kwargs)


def visit_today(report: Report, taker, **where) -> Visit:
    """A visit booked for tomorrow (the service books no past time), then moved to today."""
    visit = services.schedule_visit(
        report,
        actor=taker,
        date=timezone.localdate() + timedelta(days=1),
        window_start=time(0),
        window_end=time(0, 30),
        staff=taker,
        **where,
    )
    Visit.objects.filter(pk=visit.pk).update(date=timezone.localdate())
    visit.refresh_from_db()
    return visit


def assert_as_counted_from_every_report(start=None, end=None) -> dict:
    figures = aggregates.pilot_figures(start, end)
    gaps = rollups.gaps(figures, aggregates.live_figures(start, end))
    percentiles = {
        path: pair for path, pair in gaps.items() if path.rsplit(".", 1)[-1] in aggregates.PERCENTILES
    }
    assert gaps == percentiles, "every count is exact"
    for path, (rolled_value, live_value) in percentiles.items():
        assert "staff_time" not in path, "staff minutes are exact"
        assert (
            abs(rolled_value - live_value) <= DAY_STEP + BUCKET_ERROR * (abs(live_value) + 1 / 24) + 1e-9
        ), path
    return figures


@pytest.fixture
def varied(report_taker, settings):
    """Reports over three weeks of days, in several languages, wards and groups: decided after
    hours or days, reopened, a place corrected to another ward, visits and calls recorded, a
    declined one deleted under the retention schedule, one submitted just before midnight each
    day. Returns the first day."""
    taker = report_taker.user
    first = timezone.localdate() - timedelta(days=21)
    for offset in range(0, 21, 2):
        day = first + timedelta(days=offset)
        accepted = filed_on(
            day,
            9,
            language=["en", "es", "so", "hmn"][offset % 4],
            race_ethnicity="black",
            address_point=make_address_point(1 + offset % 13),
        )
        on(day + timedelta(days=offset % 5), 9 + offset % 7, services.accept, accepted, actor=taker)
        referred = filed_on(day, 14, language="so", gender="woman", follow_up="phone", phone="612-555-0100")
        on(day, 17, services.refer, referred, actor=taker, reason=make_reason(action="refer"))
        call_day = day + timedelta(days=1)
        on(call_day, 12, services.record_call, referred, actor=taker, result="answered", minutes=5 + offset)
        filed_on(day, 23, language="hmn", age_range="25_34")
    reopened = filed_on(first + timedelta(days=3), 11, race_ethnicity="white")
    on(
        first + timedelta(days=4),
        11,
        services.refer,
        reopened,
        actor=taker,
        reason=make_reason(action="refer"),
    )
    services.reopen(reopened, actor=make_staff(SUPERVISORS, username="rollup-supervisor"))
    moved = filed_on(first + timedelta(days=5), 12, address_point=make_address_point(2))
    services.match_address(moved, actor=taker, point=make_address_point(9))
    visited = filed_on(first + timedelta(days=6), 8, follow_up="visit", phone="612-555-0101")
    services.record_visit(
        visit_today(visited, taker, site=make_site()), actor=taker, outcome="held", minutes=45
    )
    declined = filed_on(first + timedelta(days=7), 15, language="es", follow_up="phone", phone="612-555-0102")
    services.decline(declined, actor=taker, reason=make_reason(action="decline"))
    settings.RETENTION_DELETE_ENDED_DAYS = 0
    retention.apply_schedule()
    return first


def test_the_roll_ups_give_the_figures_counted_from_every_report(varied):
    assert StaleDay.objects.exists()
    # Before the task: the marked days are counted from their reports.
    assert_as_counted_from_every_report()

    assert rollups.refresh() > 0

    assert not StaleDay.objects.exists()
    figures = assert_as_counted_from_every_report()
    assert_as_counted_from_every_report(varied + timedelta(days=3), varied + timedelta(days=9))
    assert_as_counted_from_every_report(varied, varied)
    assert figures["reports"] == 37
    assert figures["by_group"]["language"]["so"]["reports"] == 16
    assert figures["by_ward"][9]["reports"] == 2  # one matched there, one corrected to it
    assert sum(figures["in_person"]["visited_at"].values()) == 1
    assert figures["days_to_decision"]["decided"] == 23


def test_a_day_counted_again_after_a_change_and_one_not_yet_add_up_alike(varied, report_taker):
    rollups.refresh()
    waiting = Report.objects.filter(status=Report.Status.SUBMITTED).order_by("created_at").first()
    services.accept(waiting, actor=report_taker.user)

    assert list(StaleDay.objects.values_list("day", flat=True)) == [timezone.localdate(waiting.created_at)]
    assert_as_counted_from_every_report()
    rollups.refresh()
    assert_as_counted_from_every_report()


def rolled(dimension: str = "", category: str = "", figure: str = "reports") -> int:
    """A figure summed over every day's roll-up, once the task has run."""
    rollups.refresh()
    assert not StaleDay.objects.exists()
    return sum(
        DailyFigures.objects.filter(dimension=dimension, category=category).values_list(figure, flat=True)
    )


def test_each_change_to_a_report_is_counted_in_its_days_roll_up(report_taker):
    taker = report_taker.user
    report, _token = make_report(language="hmn", follow_up="phone", phone="612-555-0100")
    assert rolled("language", "hmn") == 1  # submitted

    services.accept(report, actor=taker)
    assert rolled(figure="accepted") == 1  # decided

    services.record_call(report, actor=taker, result="answered", minutes=12)
    assert rolled("follow_up", "phone", "follow_up_given") == 1  # called
    assert aggregates.pilot_figures()["in_person"]["staff_time"]["all"] == {"reports": 1, "median": 12.0}

    services.close(report, actor=taker)
    assert rolled("status", "closed") == 1
    services.reopen(report, actor=make_staff(SUPERVISORS))
    assert rolled("status", "closed") == 0  # reopened

    point = make_address_point(4)
    services.match_address(report, actor=taker, point=point)
    assert rolled("ward", "4") == 1  # its place corrected to a point of the list
    point.ward = 5
    point.save(update_fields=["ward"])
    assert (rolled("ward", "4"), rolled("ward", "5")) == (0, 1)  # the City's list moved the point


def test_a_visit_held_is_counted_in_the_day_its_report_was_submitted(report_taker):
    taker = report_taker.user
    yesterday = timezone.localdate() - timedelta(days=1)
    report = filed_on(yesterday, 8, follow_up="visit", phone="612-555-0100")
    visit = visit_today(report, taker, place="At home")
    rollups.refresh()

    services.record_visit(visit, actor=taker, outcome="held", minutes=30)

    assert list(StaleDay.objects.values_list("day", flat=True)) == [yesterday]
    assert rolled("visited_at", "home") == 1
    assert aggregates.pilot_figures(yesterday, yesterday)["in_person"]["days_to_visit"]["visited"] == 1


def test_a_report_deleted_under_the_retention_schedule_keeps_its_place_in_the_roll_ups(settings):
    report, _token = make_report(language="so")
    services.withdraw(report)
    assert rolled("language", "so", "withdrawn") == 1
    settings.RETENTION_DELETE_ENDED_DAYS = 0

    retention.apply_schedule()

    assert not Report.objects.exists()
    assert rolled("language", "so", "withdrawn") == 1


def test_the_scheduled_job_counts_the_marked_days_again():
    make_report()
    assert StaleDay.objects.exists()

    call_command("refresh_daily_figures", stdout=io.StringIO())

    assert not StaleDay.objects.exists()
    assert DailyFigures.objects.get(dimension="").reports == 1


def page_queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_cost_the_same_queries_at_any_number_of_days(
    client, opi_staff, report_taker, django_assert_max_num_queries
):
    dashboard = reverse("admin:pilot-dashboard")
    make_report()
    few = {"/data/": page_queries(client, "/data/"), dashboard: page_queries(opi_staff, dashboard)}
    for offset in range(1, 40, 3):
        report = filed_on(timezone.localdate() - timedelta(days=offset), language="es")
        on(
            timezone.localdate() - timedelta(days=offset - 1),
            12,
            services.accept,
            report,
            actor=report_taker.user,
        )
    rollups.refresh()
    for offset in range(2, 30, 5):  # days changed since, not counted again yet
        filed_on(timezone.localdate() - timedelta(days=offset), race_ethnicity="asian")

    for url, page_client in (("/data/", client), (dashboard, opi_staff)):
        cache.clear()
        with django_assert_max_num_queries(few[url]):
            assert page_client.get(url).status_code == 200

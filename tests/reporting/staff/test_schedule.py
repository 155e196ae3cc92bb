"""The schedule of visits and the run sheet: a report taker's own, a Supervisor's of everyone;
each opening recorded; and each report taker's availability, set by them or a Supervisor."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import REPORT_TAKERS
from reporting.models import AccessRecord, Availability, Visit
from tests.factories import make_report, make_staff
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db

SCHEDULE = reverse("admin:reporting_report_schedule")
RUN_SHEET = reverse("admin:reporting_report_run_sheet")


def visit(staff, *, hour=10, days=0, **report_fields):
    report, _token = make_report(follow_up="visit", phone="612-555-0100", **report_fields)
    return Visit.objects.create(
        report=report,
        date=timezone.localdate() + timedelta(days=days),
        window_start=time(hour),
        window_end=time(hour, 45),
        staff=staff,
        place=f"{hour}00 Example Ave",
    )


def test_a_report_taker_sees_their_own_day_in_order_with_language_and_number(client, report_taker):
    colleague = make_staff(REPORT_TAKERS, username="colleague")
    later = visit(report_taker.user, hour=14, language="so")
    earlier = visit(report_taker.user, hour=9)
    visit(colleague, hour=11)
    visit(report_taker.user, hour=9, days=1)

    page = report_taker.get(SCHEDULE).content.decode()

    assert page.index(earlier.report.reference) < page.index(later.report.reference)
    assert "1100 Example Ave" not in page  # the colleague's
    assert "Somali" in page and "612-555-0100" in page
    assert page.count("Example Ave") == 2  # tomorrow's is not today's
    record = AccessRecord.objects.get(kind="schedule")
    assert sorted(record.report_ids) == sorted([earlier.report_id, later.report_id])


def test_a_visit_moved_or_cancelled_is_off_the_schedule_and_the_run_sheet(report_taker):
    kept = visit(report_taker.user, hour=9)
    moved = visit(report_taker.user, hour=11)
    Visit.objects.filter(pk=moved.pk).update(outcome="moved", recorded_at=timezone.now())

    for page in (SCHEDULE, RUN_SHEET):
        html = report_taker.get(page).content.decode()
        assert kept.report.reference in html
        assert moved.report.reference not in html


def test_a_supervisor_sees_everyones_week_or_one_staff_members(supervisor, report_taker):
    colleague = make_staff(REPORT_TAKERS, username="colleague")
    visit(report_taker.user, hour=9)
    visit(colleague, hour=11, days=3)

    week = supervisor.get(SCHEDULE, {"days": 7}).content.decode()
    one = supervisor.get(SCHEDULE, {"days": 7, "staff": colleague.pk}).content.decode()

    assert "900 Example Ave" in week and "1100 Example Ave" in week
    assert "900 Example Ave" not in one and "1100 Example Ave" in one


def test_opi_staff_have_no_schedule(opi_staff):
    assert opi_staff.get(SCHEDULE).status_code == 403
    assert opi_staff.get(RUN_SHEET).status_code == 403


def test_the_run_sheet_is_a_plain_valid_page_and_recorded(report_taker):
    visit(report_taker.user, hour=9)

    html = assert_valid_html(report_taker.get(RUN_SHEET))

    assert "900 Example Ave" in html
    assert "shred it after the visits" in html
    assert AccessRecord.objects.filter(kind="schedule").count() == 1


def test_the_schedule_costs_the_same_queries_with_a_thousand_visits(
    report_taker, django_assert_max_num_queries
):
    report, _token = make_report(follow_up="visit", phone="612-555-0100")
    Visit.objects.bulk_create(
        Visit(
            report=report,
            date=timezone.localdate() + timedelta(days=number // 20),
            window_start=time(number % 20),
            window_end=time(number % 20, 30),
            staff=report_taker.user,
            place="Home",
        )
        for number in range(1000)
    )

    with django_assert_max_num_queries(12):
        response = report_taker.get(SCHEDULE, {"days": 7})

    assert response.content.decode().count("<td>Home</td>") == 140


def test_a_report_taker_sets_their_own_availability_only(report_taker):
    colleague = make_staff(REPORT_TAKERS, username="colleague")
    Availability.objects.create(staff=colleague, weekday=1, starts=time(9), ends=time(12))
    add = reverse("admin:reporting_availability_add")
    fields = {"kind": "booked", "weekday": 0, "starts": "09:00", "ends": "12:00", "valid_from": "2026-01-01"}

    refused = report_taker.post(add, {**fields, "staff": colleague.pk})
    report_taker.post(add, {**fields, "staff": report_taker.user.pk})

    assert refused.status_code == 200  # the form says the choice is not one of theirs
    assert list(Availability.objects.filter(staff=report_taker.user).values_list("weekday", flat=True)) == [0]
    listed = report_taker.get(reverse("admin:reporting_availability_changelist")).content.decode()
    assert "Tuesday 09:00" not in listed


def test_a_supervisor_sets_anyones_availability(supervisor, report_taker):
    supervisor.post(
        reverse("admin:reporting_availability_add"),
        {
            "staff": report_taker.user.pk,
            "kind": "booked",
            "weekday": 2,
            "starts": "13:00",
            "ends": "17:00",
            "valid_from": "2026-01-01",
        },
    )

    assert Availability.objects.get().staff == report_taker.user


def test_availability_that_ends_before_it_starts_is_refused_on_the_form(report_taker):
    response = report_taker.post(
        reverse("admin:reporting_availability_add"),
        {
            "staff": report_taker.user.pk,
            "kind": "booked",
            "weekday": 2,
            "starts": "13:00",
            "ends": "12:00",
            "valid_from": "2026-01-01",
        },
    )

    assert response.status_code == 200
    assert not Availability.objects.exists()

"""Free times for visits, from the availability staff publish, less the visits that hold their
time and the travel kept around home visits; booked and moved from the report page."""

import threading
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from accounts.roles import REPORT_TAKERS
from reporting import services, slots
from reporting.models import Availability, Visit, WorkflowSettings
from tests.factories import make_report, make_site, make_staff
from tests.reporting.staff.admin_pages import act

pytestmark = pytest.mark.django_db

# The next Monday after today: every time of that day is still to come.
MONDAY = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())


def from_monday(**options):
    return slots.free_slots(first_day=MONDAY, **options)


def available(staff, *, site=None, weekday=0, starts=time(9), ends=time(12), **fields):
    return Availability.objects.create(
        staff=staff, site=site, weekday=weekday, starts=starts, ends=ends, **fields
    )


def times(free) -> list[tuple]:
    return [(slot.day, slot.start, slot.site_id) for slot in free]


def test_times_are_cut_from_each_weeks_availability_at_the_visit_length(report_taker):
    site = make_site()
    available(report_taker.user, site=site)

    free = from_monday()

    # 9:00 to 12:00 in 45-minute visits, the last ending at 12:00; on two Mondays.
    assert times(free) == [
        (day, start, site.pk)
        for day in (MONDAY, MONDAY + timedelta(days=7))
        for start in (time(9), time(9, 45), time(10, 30), time(11, 15))
    ]


def test_booked_times_are_not_offered_and_a_cancelled_one_is_again(report_taker):
    site = make_site()
    available(report_taker.user, site=site)
    report, _token = make_report(follow_up="visit", phone="612-555-0100")
    first = from_monday()[0]

    visit = services.book_slot(report, actor=report_taker.user, slot=first)

    assert first not in from_monday()
    services.record_visit(visit, actor=report_taker.user, outcome="cancelled_resident")
    assert first in from_monday()


def test_a_home_visit_is_never_booked_at_the_place_of_the_theft_for_want_of_a_home_address(report_taker):
    available(report_taker.user)
    report, _token = make_report(follow_up="visit", phone="612-555-0100", home_address="")

    with pytest.raises(services.ReportingError, match="The resident gave no home address"):
        services.book_slot(report, actor=report_taker.user, slot=from_monday()[0])

    assert not report.visits.exists()


def test_home_visits_keep_the_travel_minutes_from_any_other_visit(report_taker):
    site = make_site()
    available(report_taker.user, site=site, starts=time(9), ends=time(9, 45))
    available(report_taker.user, starts=time(9, 45), ends=time(12))
    report, _token = make_report(follow_up="visit", phone="612-555-0100")
    services.book_slot(report, actor=report_taker.user, slot=from_monday()[0])  # the site, 9:00

    home = [slot.start for slot in from_monday() if slot.site_id is None and slot.day == MONDAY]

    # 9:45 is within 30 minutes of the visit that ends then; 10:30 is the first home time.
    assert home == [time(10, 30), time(11, 15)]


def test_old_availability_walk_in_hours_and_unlisted_sites_offer_no_time(report_taker):
    closed = make_site(active=False)
    available(report_taker.user, site=closed)
    available(
        report_taker.user, valid_from=MONDAY - timedelta(days=30), valid_until=MONDAY - timedelta(days=1)
    )
    available(report_taker.user, kind="walk_in", site=make_site())

    assert from_monday() == []


def test_times_already_past_today_are_not_offered(report_taker):
    today = timezone.localdate()
    available(report_taker.user, weekday=today.weekday())

    with time_machine.travel(timezone.make_aware(datetime.combine(today, time(10))), tick=False):
        offered = [slot.start for slot in slots.free_slots(days=1)]

    assert offered == [time(10, 30), time(11, 15)]


def test_another_staff_member_takes_a_time_one_has_booked(report_taker):
    colleague = make_staff(REPORT_TAKERS, username="colleague")
    site = make_site()
    available(report_taker.user, site=site)
    available(colleague, site=site)
    report, _token = make_report(follow_up="visit", phone="612-555-0100")
    first = from_monday()[0]

    services.book_slot(report, actor=report_taker.user, slot=first)

    again = from_monday()[0]
    assert (again.day, again.start, again.staff_id) == (first.day, first.start, colleague.pk)


def test_the_slot_finder_costs_the_same_queries_with_a_thousand_visits(
    report_taker, django_assert_num_queries
):
    site = make_site()
    available(report_taker.user, site=site, starts=time(0), ends=time(23, 59), weekday=2)
    report, _token = make_report(follow_up="visit", phone="612-555-0100")
    Visit.objects.bulk_create(
        Visit(
            report=report,
            date=MONDAY + timedelta(days=number // 20),
            window_start=time(number % 20),
            window_end=time(number % 20, 30),
            staff=report_taker.user,
            place="Home",
        )
        for number in range(1000)
    )

    WorkflowSettings.current()
    with django_assert_num_queries(4):
        from_monday()


def test_staff_book_a_free_time_from_the_report_page(report_taker, django_capture_on_commit_callbacks):
    site = make_site(name="Demo site: Lake Street")
    available(report_taker.user, site=site)
    report, _token = make_report(follow_up="visit", phone="612-555-0100", email="r@example.org")
    page = report_taker.get(f"/admin/reporting/report/{report.pk}/change/").content.decode()
    first = from_monday()[0]
    assert '<optgroup label="Demo site: Lake Street">' in page
    assert f'value="{first.value}"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = act(report_taker, report, "book", slot=first.value)

    assert response.status_code == 302
    visit = report.visits.get()
    assert (visit.date, visit.window_start, visit.site) == (MONDAY, time(9), site)


def test_staff_are_offered_times_in_order_and_no_home_visit_without_a_home_address(report_taker):
    """Times at home and at a site that start together once broke the page: a site id was
    compared with no site while sorting."""
    site = make_site(name="Demo site: Lake Street")
    available(report_taker.user, site=site, weekday=MONDAY.weekday() + 1)
    available(report_taker.user, site=site, weekday=MONDAY.weekday())
    available(report_taker.user)
    without_home, _token = make_report(follow_up="visit", phone="612-555-0100", home_address="")
    with_home, _token = make_report(follow_up="visit", phone="612-555-0100", home_address="1 Example St")

    page = report_taker.get(f"/admin/reporting/report/{without_home.pk}/change/").content.decode()
    # The page offers the booking window from today, which ends before the second week after
    # next Monday when today is a Monday.
    bookable = slots.free_slots()
    offered = [slot for slot in bookable if f'value="{slot.value}"' in page]
    assert offered == sorted((slot for slot in bookable if slot.site_id), key=lambda s: (s.day, s.start))
    assert "At the resident&#x27;s home" not in page.split('name="book-slot"')[1].split("</select>")[0]

    page = report_taker.get(f"/admin/reporting/report/{with_home.pk}/change/").content.decode()
    assert any(f'value="{slot.value}"' in page for slot in from_monday() if slot.site_id is None)


def test_a_time_taken_meanwhile_is_refused_with_the_nearest_free_times(report_taker):
    site = make_site()
    available(report_taker.user, site=site)
    first = from_monday()[0]
    earlier, _token = make_report(follow_up="visit", phone="612-555-0100")
    services.book_slot(earlier, actor=report_taker.user, slot=first)
    report, _token = make_report(follow_up="visit", phone="612-555-0101")

    response = act(report_taker, report, "book", slot=first.value)

    page = response.content.decode()
    assert "That time was just taken. The nearest free times: " in page
    assert "9:45" in page
    assert not report.visits.exists()


def test_moving_a_visit_books_the_new_time_and_records_the_old_as_moved(report_taker):
    site = make_site()
    available(report_taker.user, site=site)
    report, _token = make_report(follow_up="visit", phone="612-555-0100")
    first, second = from_monday()[:2]
    visit = services.book_slot(report, actor=report_taker.user, slot=first)

    act(report_taker, report, "move_visit", visit=visit.pk, slot=second.value)

    assert list(report.visits.order_by("pk").values_list("outcome", "window_start")) == [
        ("moved", time(9)),
        ("booked", time(9, 45)),
    ]
    assert first in from_monday()


def test_a_move_to_a_time_taken_meanwhile_changes_nothing(report_taker):
    site = make_site()
    available(report_taker.user, site=site)
    report, _token = make_report(follow_up="visit", phone="612-555-0100")
    other, _token = make_report(follow_up="visit", phone="612-555-0101")
    first, second = from_monday()[:2]
    visit = services.book_slot(report, actor=report_taker.user, slot=first)
    services.book_slot(other, actor=report_taker.user, slot=second)

    with pytest.raises(services.SlotTaken):
        services.move_visit(visit, actor=report_taker.user, slot=second)

    visit.refresh_from_db()
    assert visit.outcome == "booked"
    assert report.visits.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_members_booking_one_time_at_once_get_one_visit_and_one_clear_refusal(report_taker):
    site = make_site()
    available(report_taker.user, site=site)
    slot = from_monday()[0]
    reports = [make_report(follow_up="visit", phone=f"612-555-010{n}")[0] for n in range(2)]
    outcomes = []
    start = threading.Barrier(2)

    def book(report):
        try:
            start.wait()
            services.book_slot(report, actor=report_taker.user, slot=slot)
            outcomes.append("booked")
        except services.SlotTaken as taken:
            outcomes.append(str(taken.message))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(report,)) for report in reports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert "booked" in outcomes
    assert any(outcome.startswith("That time was just taken.") for outcome in outcomes)
    assert Visit.objects.count() == 1


def test_a_city_site_still_a_draft_offers_no_time(report_taker):
    draft = make_site(name="Demo site: not yet open", is_published=False)
    available(report_taker.user, site=draft)

    assert from_monday() == []

    draft.is_published = True
    draft.save(update_fields=["is_published"])
    assert {slot.site_id for slot in from_monday()} == {draft.pk}

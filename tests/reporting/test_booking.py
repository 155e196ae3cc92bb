"""A resident who chose an in-person visit books it in the form: a City site or home, then a free
time held for them while they finish, or a call to arrange it; the visit is booked with the
report. From the status page they move or cancel a visit still to come."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from core import ratelimit
from reporting import services, slots
from reporting.models import HOLD_LIFETIME, Report, Visit, VisitHold
from tests.factories import make_report, make_site, open_report
from tests.reporting.conftest import ABOUT, SCREENING_CLEAR, fill_in_every_step
from tests.reporting.staff.test_slots import MONDAY, available, from_monday

pytestmark = pytest.mark.django_db

AT_HOME = {**ABOUT, "follow_up": "visit", "phone": "612-555-0100", "home_address": "12 Elm St"}
NO_ADDRESS = {**AT_HOME, "home_address": ""}
STEP = "/report/new/visit/"


@pytest.fixture
def site(report_taker):
    """A City site where the report taker takes booked visits on Mondays, 9:00 to 12:00, and
    takes them at residents' homes on Mondays, 13:00 to 15:15."""
    site = make_site(name="Lake Street office")
    available(report_taker.user, site=site)
    available(report_taker.user, starts=time(13), ends=time(15, 15))
    return site


def visit_step(client, about=AT_HOME) -> Client:
    """The client with every other step of the form answered, the visit still to choose."""
    client.post("/report/screening/", SCREENING_CLEAR)
    fill_in_every_step(client, about=about)
    return client


def choose(client, place: str, slot: slots.Slot | None = None, action: str = "next"):
    data = {"place": place, "action": action}
    if slot is not None:
        data["slot"] = slot.value
    return client.post(STEP, data)


def hold(client, place: str, slot: slots.Slot):
    """Show the place's times, then choose one, as the page is used."""
    choose(client, place, action="show")
    return choose(client, place, slot)


def first_at(site) -> slots.Slot:
    return next(slot for slot in from_monday() if slot.site_id == (site.pk if site else None))


def test_the_step_offers_each_site_with_free_times_home_and_a_call(resident, site):
    make_site(name="Closed office")  # no availability: no time to offer there
    visit_step(resident)

    html = resident.get(STEP).content.decode()

    assert "Lake Street office, 1 Example St, Minneapolis, MN" in html
    assert "At your home" in html
    assert "Call me to arrange it" in html
    assert "Closed office" not in html
    assert "Choose a time" not in html  # no place chosen yet


def test_a_place_shows_its_free_times_by_day_each_day_a_fieldset(resident, site):
    # On the Wednesday before, whose two weeks hold two Mondays (on a Monday, today's times are
    # offered only while some are still to come).
    wednesday_noon = timezone.make_aware(datetime.combine(MONDAY - timedelta(days=5), time(12)))
    with time_machine.travel(wednesday_noon, tick=False):
        visit_step(resident)
        response = choose(resident, str(site.pk), action="show")
        html = resident.get(response.url).content.decode()

    assert response.url == f"{STEP}#id_slot"
    assert f'<legend class="usa-legend">Monday, {formats.date_format(MONDAY, "DATE_FORMAT")}</legend>' in html
    assert html.count('<fieldset class="usa-fieldset site-times">') == 2  # two Mondays
    assert "9:45 a.m. to 10:30 a.m." in html
    assert "1 p.m." not in html  # home times are not this place's


def test_choosing_a_time_holds_it_from_another_resident(resident, site):
    visit_step(resident)
    first = first_at(site)

    response = hold(resident, str(site.pk), first)

    assert response.url == "/report/new/questions/"
    other = visit_step(Client())
    choose(other, str(site.pk), action="show")
    assert first.value not in other.get(STEP).content.decode()
    assert first.value in resident.get(STEP).content.decode()


def test_a_hold_ends_after_its_lifetime_and_the_time_is_free_again(resident, site):
    visit_step(resident)
    first = first_at(site)
    hold(resident, str(site.pk), first)

    with time_machine.travel(timezone.now() + HOLD_LIFETIME + timedelta(minutes=1)):
        assert first in from_monday()


def test_the_clean_up_job_removes_the_holds_of_drafts_never_sent(resident, site):
    visit_step(resident)
    hold(resident, str(site.pk), first_at(site))
    services.clean_expired_drafts()
    assert VisitHold.objects.count() == 1

    with time_machine.travel(timezone.now() + HOLD_LIFETIME + timedelta(minutes=1)):
        services.clean_expired_drafts()

    assert not VisitHold.objects.exists()


def test_submitting_books_the_visit_at_the_time_held(resident, site, report_taker):
    visit_step(resident)
    first = first_at(site)
    hold(resident, str(site.pk), first)

    review = resident.get("/report/new/review/").content.decode()
    resident.post("/report/new/review/", {"acknowledge": "on", "website": ""})
    receipt = resident.get("/report/done/").content.decode()

    assert "Your visit" in review and "Lake Street office" in review
    assert "Lake Street office" in receipt  # in what happens next, to print or write down
    visit = Visit.objects.get()
    assert (visit.site, visit.staff, visit.date, visit.window_start) == (
        site,
        report_taker.user,
        first.day,
        first.start,
    )
    assert visit.report.follow_up == "visit"
    assert not VisitHold.objects.exists()


def test_a_visit_at_home_is_booked_at_the_address_given(resident, site):
    visit_step(resident)
    home = first_at(None)
    hold(resident, "home", home)

    resident.post("/report/new/review/", {"acknowledge": "on", "website": ""})

    visit = Visit.objects.get()
    assert (visit.site, visit.place, visit.window_start) == (None, "12 Elm St", time(13))


def test_an_expired_hold_whose_time_is_still_free_just_books(resident, site):
    visit_step(resident)
    hold(resident, str(site.pk), first_at(site))

    with time_machine.travel(timezone.now() + HOLD_LIFETIME + timedelta(minutes=1)):
        resident.post("/report/new/review/", {"acknowledge": "on", "website": ""})

    assert Visit.objects.count() == 1


def test_a_time_taken_after_the_hold_expired_sends_the_resident_back_with_the_nearest(
    resident, site, report_taker
):
    visit_step(resident)
    first = first_at(site)
    hold(resident, str(site.pk), first)
    later = timezone.now() + HOLD_LIFETIME + timedelta(minutes=1)

    with time_machine.travel(later):
        someone, _token = make_report(follow_up="visit", phone="612-555-0199")
        services.book_slot(someone, actor=report_taker.user, slot=first)
        response = resident.post("/report/new/review/", {"acknowledge": "on", "website": ""})
        html = resident.get(response.url).content.decode()

    assert response.url == STEP
    assert Report.objects.count() == 1  # only the other resident's
    assert "That time was just taken. The nearest free times:" in html
    assert "The nearest free times</legend>" in html
    nearest = html.index("The nearest free times</legend>")
    assert html.index(first_at(site).value) > nearest  # the next free time, offered first
    # Nothing else was lost: the review is one time away.
    hold(resident, str(site.pk), first_at(site))
    assert "Alex Resident" in resident.get("/report/new/review/").content.decode()


def test_with_no_free_time_only_a_call_is_offered_and_said_plainly(resident):
    visit_step(resident)

    html = resident.get(STEP).content.decode()
    response = resident.post(STEP, {"place": "call", "action": "next"})

    assert "There are no free times to book in the next two weeks." in html
    assert html.count('type="radio"') == 1
    assert 'value="call" id="id_place_0" checked' in html
    assert "Show free times" not in html
    assert response.url == "/report/new/questions/"
    review = resident.get("/report/new/review/").content.decode()
    assert "We will call you to arrange a visit." in review
    resident.post("/report/new/review/", {"acknowledge": "on", "website": ""})
    assert "We will call you to arrange a visit." in resident.get("/report/done/").content.decode()


def test_a_visit_at_home_needs_the_address_from_about_you(resident, site):
    visit_step(resident, about=NO_ADDRESS)

    response = choose(resident, "home", action="show")

    html = response.content.decode()
    assert response.status_code == 200
    assert "To meet at your home, we need your address. Add it on the About you step." in html
    assert 'href="/report/new/about/#id_home_address">Add your address on the About you step</a>' in html
    assert 'value="home" id="id_place_1" checked' in html


def test_home_stays_chosen_while_the_resident_adds_their_address(resident, site):
    visit_step(resident)
    choose(resident, str(site.pk), first_at(site))  # a City site first
    resident.post("/report/new/about/", {**NO_ADDRESS, "action": "next"})
    choose(resident, "home", action="show")  # no address yet

    resident.post("/report/new/about/", {**AT_HOME, "action": "next"})
    html = resident.get(STEP).content.decode()

    assert 'value="home" id="id_place_1" checked' in html
    assert first_at(None).value in html  # home's times, ready to choose
    assert first_at(site) == from_monday()[0]  # the site's time was let go


def test_a_time_must_be_chosen_or_a_call(resident, site):
    visit_step(resident)
    choose(resident, str(site.pk), action="show")

    html = choose(resident, str(site.pk)).content.decode()

    assert "Choose a time, or choose Call me to arrange it." in html
    assert not VisitHold.objects.exists()


def test_another_follow_up_skips_the_step_and_lets_the_time_go(resident, site):
    visit_step(resident)
    hold(resident, str(site.pk), first_at(site))

    resident.post("/report/new/about/", {**AT_HOME, "follow_up": "phone", "action": "next"})

    assert not VisitHold.objects.exists()
    assert resident.get(STEP).url == "/report/new/questions/"
    html = resident.get("/report/new/questions/").content.decode()
    assert "Your visit" not in html
    # What happened, checking the address, items, files, about you, questions, and the review.
    assert '<span class="usa-step-indicator__total-steps">of 7</span>' in html
    assert resident.post("/report/new/questions/", {"action": "back"}).url == "/report/new/about/"


def test_the_step_costs_the_same_queries_with_many_sites_and_visits(
    resident, site, report_taker, django_assert_max_num_queries
):
    for number in range(5):
        available(report_taker.user, site=make_site(), weekday=number % 5 + 1)
    report, _token = make_report(follow_up="visit", phone="612-555-0199")
    for slot in [slot for slot in from_monday() if slot.site_id == site.pk][:6]:
        services.book_slot(report, actor=report_taker.user, slot=slot)
    visit_step(resident)
    choose(resident, str(site.pk), action="show")

    # As many as the step shows without the bookings, with the address typed checked in one.
    with django_assert_max_num_queries(9):
        resident.get(STEP)


def test_holding_times_is_limited_per_client(resident, site, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "hold", (1, 3600))
    visit_step(resident)
    first, second = from_monday()[:2]

    hold(resident, str(site.pk), first)
    response = choose(resident, str(site.pk), second)

    assert response.status_code == 429
    assert VisitHold.objects.get().window_start == first.start


# The status page


def booked(report_taker, site, **report_fields):
    report, _token = make_report(follow_up="visit", phone="612-555-0100", **report_fields)
    return services.book_slot(report, actor=report_taker.user, slot=first_at(site))


def test_a_visit_to_come_is_moved_to_another_time_at_its_place(resident, site, report_taker):
    visit = booked(report_taker, site)
    open_report(resident, visit.report)
    later = from_monday()[1]

    status = resident.get(f"/report/status/{visit.report.reference}/").content.decode()
    page = resident.get(f"/report/status/{visit.report.reference}/visit/{visit.pk}/move/")
    response = resident.post(
        f"/report/status/{visit.report.reference}/visit/{visit.pk}/move/", {"slot": later.value}
    )

    assert "Change the time" in status and "Cancel this visit" in status
    assert later.value in page.content.decode()
    assert response.url == f"/report/status/{visit.report.reference}/"
    visit.refresh_from_db()
    moved = Visit.objects.get(outcome="booked")
    assert (visit.outcome, moved.window_start, moved.site) == ("moved", later.start, site)
    assert "Your visit is moved to the new time." in resident.get(response.url).content.decode()


def test_a_home_visit_moves_to_the_time_its_own_travel_minutes_kept_from_others(resident, site, report_taker):
    visit = booked(report_taker, None, home_address="1 Main St")
    open_report(resident, visit.report)
    move = f"/report/status/{visit.report.reference}/visit/{visit.pk}/move/"
    right_after = slots.Slot(visit.date, time(13, 45), time(14, 30), None, report_taker.user.pk)
    assert right_after not in from_monday()  # to everyone else, the travel minutes keep it

    page = resident.get(move).content.decode()
    resident.post(move, {"slot": right_after.value})

    assert right_after.value in page
    assert slots.Slot(visit.date, time(13), time(13, 45), None, report_taker.user.pk).value not in page
    assert Visit.objects.get(outcome="booked").window_start == time(13, 45)


def test_a_time_taken_while_moving_offers_the_nearest(resident, site, report_taker):
    visit = booked(report_taker, site)
    open_report(resident, visit.report)
    wanted = first_at(site)
    booked_by_another = booked(report_taker, site)  # takes the next free time: the one wanted

    response = resident.post(
        f"/report/status/{visit.report.reference}/visit/{visit.pk}/move/", {"slot": wanted.value}
    )

    html = response.content.decode()
    assert booked_by_another.window_start == wanted.start
    assert "That time was just taken." in html
    assert "The nearest free times</legend>" in html
    assert Visit.objects.get(pk=visit.pk).outcome == "booked"


def test_a_resident_who_looked_up_by_pin_cancels_a_visit(site, report_taker):
    visit = booked(report_taker, site, email="", pin="2749130586")
    resident = Client()
    resident.post("/report/status/pin/", {"pin-reference": visit.report.reference, "pin-pin": "2749130586"})
    cancel = f"/report/status/{visit.report.reference}/visit/{visit.pk}/cancel/"

    page = resident.get(cancel).content.decode()
    response = resident.post(cancel)

    assert "City staff will no longer expect you" in page  # at a City site, not at home
    assert response.url == f"/report/status/{visit.report.reference}/"
    assert Visit.objects.get().outcome == "cancelled_resident"
    html = resident.get(response.url).content.decode()
    assert "Your visit is cancelled." in html
    assert "Change the time" not in html
    assert first_at(site) == from_monday()[0]  # the time is free again


def test_another_reports_visit_is_not_found(resident, site, report_taker):
    visit = booked(report_taker, site)
    mine, _token = make_report()
    open_report(resident, mine)

    for action in ("move", "cancel"):
        assert resident.get(f"/report/status/{mine.reference}/visit/{visit.pk}/{action}/").status_code == 404
        assert resident.post(f"/report/status/{mine.reference}/visit/{visit.pk}/{action}/").status_code == 404
    assert Visit.objects.get().outcome == "booked"


def test_a_browser_without_access_is_sent_to_the_look_up(resident, site, report_taker):
    visit = booked(report_taker, site)

    response = resident.post(f"/report/status/{visit.report.reference}/visit/{visit.pk}/cancel/")

    assert response.url == "/report/status/"
    assert Visit.objects.get().outcome == "booked"


def test_a_visit_on_a_report_no_longer_open_cannot_be_changed(resident, site, report_taker):
    visit = booked(report_taker, site)
    services.withdraw(visit.report)
    Visit.objects.update(outcome="booked", recorded_at=None)  # as if the City had not cancelled it
    open_report(resident, visit.report)

    response = resident.post(f"/report/status/{visit.report.reference}/visit/{visit.pk}/cancel/")

    assert response.url == f"/report/status/{visit.report.reference}/"
    assert "can no longer be changed online" in resident.get(response.url).content.decode()
    assert Visit.objects.get().outcome == "booked"


def test_a_somali_residents_cancellation_is_in_the_staffs_words_in_the_history(resident, site, report_taker):
    visit = booked(report_taker, site, language="so")
    open_report(resident, visit.report)

    resident.post(f"/so/report/status/{visit.report.reference}/visit/{visit.pk}/cancel/")

    entry = visit.report.history.get(kind="visit_done")
    assert entry.text == f"{visit.starts()}, Cancelled by the resident"


def test_report_takers_are_told_when_a_resident_moves_or_cancels_and_the_dashboard_says_so(
    resident, site, report_taker, mailoutbox, django_capture_on_commit_callbacks
):
    visit = booked(report_taker, site)
    open_report(resident, visit.report)
    status = f"/report/status/{visit.report.reference}"

    with django_capture_on_commit_callbacks(execute=True):
        resident.post(f"{status}/visit/{visit.pk}/move/", {"slot": from_monday()[1].value})
    moved = Visit.objects.get(outcome="booked")
    with django_capture_on_commit_callbacks(execute=True):
        resident.post(f"{status}/visit/{moved.pk}/cancel/")

    subjects = [email.subject for email in mailoutbox if email.to == [report_taker.user.email]]
    reference = visit.report.reference
    assert subjects == [
        f"Report {reference}: the resident moved their visit",
        f"Report {reference}: the resident cancelled their visit",
    ]
    dashboard = report_taker.get(reverse("admin:reporting_report_dashboard")).content.decode()
    assert f"The resident changed a visit: {visit.starts()}, Moved to another time." in dashboard
    assert f"The resident changed a visit: {moved.starts()}, Cancelled by the resident." in dashboard


def test_moving_and_cancelling_are_limited_per_client(resident, site, report_taker, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "hold", (0, 3600))
    visit = booked(report_taker, site)
    open_report(resident, visit.report)

    response = resident.post(f"/report/status/{visit.report.reference}/visit/{visit.pk}/cancel/")

    assert response.status_code == 429
    assert Visit.objects.get().outcome == "booked"

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from reporting import slots
from reporting.models import Availability, Call, Report, Site, Visit

pytestmark = pytest.mark.django_db


def test_demo_data_gives_the_staff_queue_reports_in_several_states_once(settings):
    settings.DEBUG = True

    call_command("load_demo_staff")
    call_command("load_demo_reports")
    call_command("load_demo_reports")

    demo = Report.objects.filter(email__endswith="@demo.example.org")
    assert demo.count() == 5
    assert set(demo.values_list("status", flat=True)) == {
        Report.Status.SUBMITTED,
        Report.Status.NEEDS_INFO,
        Report.Status.ACCEPTED,
        Report.Status.REFERRED,
    }
    assert demo.filter(status=Report.Status.ACCEPTED).exclude(case_number="").count() == 1
    assert demo.filter(assigned_to__username="reporttaker").exists()
    # Made-up residents are never emailed.
    assert mail.outbox == []


def test_demo_data_adds_made_up_sites_marked_as_such_with_a_visit_booked_and_a_call_made(settings):
    settings.DEBUG = True

    call_command("load_demo_staff")
    call_command("load_demo_reports")
    call_command("load_demo_reports")

    sites = Site.objects.all()
    assert sites.count() == 2
    assert all(site.is_demo and site.name.startswith("Demo site") for site in sites)
    assert all(site.is_translated("name", language) for site in sites for language in ("es", "so", "hmn"))
    assert Visit.objects.get().site in sites
    assert Call.objects.get().result == "answered"


def test_demo_data_gives_times_to_book_at_each_demo_site_and_at_home_over_the_next_two_weeks(settings):
    settings.DEBUG = True

    call_command("load_demo_staff")
    call_command("load_demo_reports")
    call_command("load_demo_reports")

    free = slots.free_slots()
    places = {slot.site_id for slot in free}
    assert places == {*Site.objects.values_list("pk", flat=True), None}
    assert Availability.objects.filter(kind=Availability.Kind.WALK_IN).exists()
    # Loaded twice, the week is kept once.
    assert Availability.objects.count() == 16


def test_no_site_exists_unless_demo_data_is_loaded():
    assert not Site.objects.exists()


def test_no_reports_exist_unless_demo_data_is_loaded():
    assert not Report.objects.exists()


def test_demo_reports_give_the_means_of_the_follow_up_they_ask_for(settings):
    settings.DEBUG = True

    call_command("load_demo_staff")
    call_command("load_demo_reports")

    demo = Report.objects.filter(email__endswith="@demo.example.org")
    assert demo.filter(follow_up="phone").exists()
    assert not demo.filter(follow_up="phone", phone="").exists()
    assert not demo.filter(follow_up="visit", phone="", home_address="").exists()


def test_demo_reports_ask_for_the_demo_staff_first(settings):
    settings.DEBUG = True

    with pytest.raises(CommandError, match="run load_demo_staff first"):
        call_command("load_demo_reports")

    assert not Report.objects.exists()

"""The City sites on the public site: their own page, and the help finder's in-person card."""

from datetime import time, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.roles import REPORT_TAKERS
from publicsite.cache import VERSION_SECONDS
from publicsite.models import HelpDestination
from reporting.models import Availability
from tests.factories import make_site, make_staff
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db

IN_PERSON = "/get-help/?step=situation&danger=no&situation=property"


def test_with_no_site_listed_the_page_says_so_and_states_no_site(client):
    html = assert_valid_html(client.get("/in-person/"))

    assert "You can file a police report for theft or property damage in person" in html
    assert "The sites are not listed here yet." in html
    assert 'href="/contact/"' in html


def test_each_listed_site_shows_where_when_which_languages_and_access(client):
    make_site(
        name="Demo site: Lake Street",
        address="10 Example Ave\nMinneapolis, MN 55400",
        room="Room 2",
        hours="Monday to Friday, 9 a.m. to 4 p.m.",
        languages="English, Somali",
        accessibility="Step-free entrance on the side street.",
        map_url="https://maps.example.org/lake",
    )
    make_site(name="Closed site", active=False)

    html = assert_valid_html(client.get("/in-person/"))

    for shown in (
        "Demo site: Lake Street",
        "10 Example Ave<br>Minneapolis, MN 55400<br>",
        "Room 2",
        "Monday to Friday, 9 a.m. to 4 p.m.",
        "English, Somali",
        "Step-free entrance on the side street.",
        'href="https://maps.example.org/lake"',
        "Made up to show how the site works: not a real City site.",
    ):
        assert shown in html
    assert "Closed site" not in html


def test_a_site_not_yet_translated_is_shown_in_english_with_the_notice(client):
    site = make_site(name="Demo site: Cedar", name_so="Goobta tijaabada: Cedar", hours="Mondays")

    html = assert_valid_html(client.get("/so/in-person/"))

    assert "Goobta tijaabada: Cedar" in html
    assert f'<h2 id="site-{site.pk}">' in html
    assert '<dd lang="en">Mondays</dd>' in html


def test_the_in_person_card_of_the_help_finder_lists_the_sites(client):
    site = make_site(name="Demo site: Lake Street")

    html = assert_valid_html(client.get(IN_PERSON))

    assert HelpDestination.objects.filter(city_sites=True).exists()  # the seeded card
    assert f'href="/in-person/#site-{site.pk}"' in html
    assert "Addresses, hours and languages of each site" in html


def test_without_sites_the_in_person_card_keeps_its_phone_only(client):
    html = assert_valid_html(client.get(IN_PERSON))

    assert "Report it in person to City staff" in html
    assert "/in-person/" not in html.split("<footer")[0].split("site-help-list")[1]


def test_a_site_changed_shows_on_the_cached_page_within_seconds(client):
    site = make_site(name="Demo site: Old name")
    assert "Demo site: Old name" in client.get("/in-person/").content.decode()

    site.name = "Demo site: New name"
    site.save()

    with time_machine.travel(timezone.now() + timedelta(seconds=VERSION_SECONDS + 0.1)):
        assert "Demo site: New name" in client.get("/in-person/").content.decode()


def test_site_text_staff_typed_is_shown_as_text(client):
    make_site(name="<script>alert(1)</script>", accessibility="<b>bold</b>")

    html = assert_valid_html(client.get("/in-person/"))

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_walk_in_hours_staff_keep_show_once_each_by_day(client, report_taker):
    site = make_site(name="Demo site: Lake Street")
    colleague = make_staff(REPORT_TAKERS, username="colleague")
    for staff in (report_taker.user, colleague):
        Availability.objects.create(
            staff=staff, site=site, kind="walk_in", weekday=2, starts=time(13), ends=time(16)
        )
    Availability.objects.create(
        staff=colleague, site=site, kind="walk_in", weekday=0, starts=time(9), ends=time(12)
    )
    Availability.objects.create(
        staff=colleague, site=site, kind="booked", weekday=4, starts=time(9), ends=time(12)
    )

    html = assert_valid_html(client.get("/in-person/"))

    assert "Walk in to report, no appointment needed" in html
    assert html.count("Wednesday, 1 p.m.\N{EN DASH}4 p.m.") == 1
    assert html.index("Monday, 9 a.m.\N{EN DASH}noon") < html.index("Wednesday")
    assert "Friday, 9 a.m." not in html  # booked times are not walk-in hours

"""The footer's offices are the ones staff keep in the admin, on every page."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from publicsite.cache import VERSION_SECONDS
from publicsite.models import Office
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db


def footer(html: str) -> str:
    return re.search(r"<footer.*</footer>", html, re.DOTALL).group(0)


def test_the_footer_shows_the_offices_staff_keep_on_public_and_report_pages(client):
    office = Office.objects.create(
        name="Northside Service Desk",
        phone="612-555-0199",
        address="1 Main St.\nMinneapolis",
        hours="Noon to 4",
    )

    for path in ("/", "/report/", "/contact/"):
        html = footer(assert_valid_html(client.get(path)))
        assert "<h3>Northside Service Desk</h3>" in html
        assert '<a href="tel:+16125550199">612-555-0199</a>' in html
        assert "1 Main St.<br>Minneapolis" in html
        assert "Noon to 4" in html
        # The seeded offices are there too, in the order staff gave them.
        assert html.index("Minneapolis 311") < html.index("Community Safety Office")

    office.name = "Northside Help Desk"
    office.save()
    with a_moment_later():
        assert "Northside Help Desk" in footer(client.get("/").content.decode())


def test_an_office_removed_by_staff_leaves_the_footer(client):
    office = Office.objects.create(name="Northside Service Desk")
    client.get("/")
    office.delete()

    with a_moment_later():
        assert "Northside Service Desk" not in footer(client.get("/").content.decode())


def test_an_office_not_yet_translated_is_marked_as_english_in_the_footer(client):
    Office.objects.create(name="Northside Service Desk", hours="Noon to 4")

    html = footer(client.get("/so/").content.decode())

    assert '<h3 lang="en">Northside Service Desk</h3>' in html
    assert '<p lang="en">Noon to 4</p>' in html
    assert "<h3>Xafiiska Badbaadada Bulshada</h3>" in html


def a_moment_later():
    """After an edit made outside the admin, pages show it once the content version read by the
    page cache expires (publicsite/cache.py); a save in the admin shows at once."""
    return time_machine.travel(timezone.now() + timedelta(seconds=VERSION_SECONDS + 0.1))


def test_the_offices_are_drawn_once_per_language_for_the_pages_that_follow(
    client, django_assert_max_num_queries
):
    """The form shows the footer on each of its pages; drawn once, it costs no query after."""
    client.get("/report/")
    client.get("/es/report/")

    with django_assert_max_num_queries(0):
        english = footer(client.get("/report/").content.decode())
    with django_assert_max_num_queries(0):
        spanish = footer(client.get("/es/report/").content.decode())
    assert "Minneapolis 311" in english
    assert "Contact the City" in english
    assert "Contact the City" not in spanish


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@pytest.mark.parametrize("language", ["es", "so", "hmn"])
def test_the_footer_names_the_weekdays_in_the_readers_language(client, language):
    html = footer(assert_valid_html(client.get(f"/{language}/")))

    assert [day for day in WEEKDAYS if day in html] == []
    if language == "hmn":
        assert "Hnub Ib \u2013 Hnub Tsib" in html

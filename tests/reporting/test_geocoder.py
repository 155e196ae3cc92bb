"""The class that matches and suggests addresses is the one ADDRESS_GEOCODER names, as the City
would name its own address service's: the form, its suggestions and staff use it. A name that
is no such class stops the start."""

import pytest

from harness.answers import WHAT
from reporting import addresses
from reporting.models import AddressPoint, Report
from tests.config.test_security import PRODUCTION_ENV, run_with
from tests.reporting.conftest import fill_in_every_step

CITY_HALL = "350 S 5th St"


class CityHallOnly:
    """An address service that knows one place, by its name, and nothing else."""

    def match(self, typed: str) -> addresses.Matches:
        if typed.strip().lower() != "city hall":
            return addresses.Matches(typed)
        point = AddressPoint.objects.get(address=CITY_HALL)
        return addresses.Matches(typed, exact=point, closest=[point])

    def suggest(self, typed: str) -> list[AddressPoint]:
        if not "city hall".startswith(typed.strip().lower()):
            return []
        return [AddressPoint.objects.get(address=CITY_HALL)]


@pytest.fixture
def city_hall_only(db, settings):
    settings.ADDRESS_GEOCODER = "tests.reporting.test_geocoder.CityHallOnly"
    AddressPoint.objects.create(
        city_id="1",
        address=CITY_HALL,
        ward=7,
        neighborhood="Downtown West",
        search_text="350 south 5th street",
    )


def test_the_form_checks_the_address_with_the_geocoder_named(
    screened, city_hall_only, django_capture_on_commit_callbacks
):
    what = {**WHAT, "address": "City Hall"}
    # A name the list does not have, matched by the service: the step that checks it is skipped.
    response = screened.post("/report/new/what/", {**what, "action": "next"})
    assert response.url == "/report/new/items/"
    fill_in_every_step(screened, what=what)
    assert "350 S 5th St (Downtown West)" in screened.get("/report/new/review/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        screened.post("/report/new/review/", {"acknowledge": "on"})

    report = Report.objects.get()
    assert (report.address, report.address_point.address) == ("City Hall", CITY_HALL)


def test_the_suggestions_come_from_the_geocoder_named(screened, city_hall_only):
    response = screened.post("/report/address-suggestions/", {"address": "City H"})

    assert [suggestion["address"] for suggestion in response.json()["suggestions"]] == [CITY_HALL]


def test_the_built_in_geocoder_is_the_citys_list(db, address_list, settings):
    assert settings.ADDRESS_GEOCODER == "reporting.addresses.AddressList"
    assert addresses.geocoder().match("1200 Nicollet Mall").exact.address == "1200 Nicollet Mall"


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("reporting.nowhere.Geocoder", "ADDRESS_GEOCODER 'reporting.nowhere.Geocoder' cannot be imported"),
        (
            "reporting.addresses.Matches",
            "ADDRESS_GEOCODER 'reporting.addresses.Matches' has no match or suggest",
        ),
    ],
)
@pytest.mark.process
def test_a_geocoder_that_is_not_one_stops_the_start(path, error):
    result = run_with({**PRODUCTION_ENV, "ADDRESS_GEOCODER": path}, "manage.py", "check")

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {error}" in result.stderr


@pytest.mark.process
def test_production_starts_with_the_built_in_geocoder():
    result = run_with(PRODUCTION_ENV, "manage.py", "check")

    assert result.returncode == 0, result.stderr

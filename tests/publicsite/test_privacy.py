"""The privacy page states the retention periods the schedule applies, in every language."""

import pytest
from django.core.cache import cache

from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db

STATED = {
    "/privacy/": ("the report is deleted 30 days later", "from it 400 days after it closed", "24 hours"),
    "/es/privacy/": (
        "la denuncia se borra 30 días después",
        "direcciones 400 días después del cierre",
        "24 horas",
    ),
    "/so/privacy/": (
        "warbixinta waa la tirtiraa 30 maalmood kadib",
        "cinwaannada 400 maalmood kadib",
        "24 saacadood",
    ),
    "/hmn/privacy/": ("yuav raug rho tawm 30 hnub tom qab", "chaw nyob rho tawm 400 hnub tom qab", "24 teev"),
}


@pytest.fixture
def periods(settings):
    settings.RETENTION_DELETE_ENDED_DAYS = 30
    settings.RETENTION_ANONYMISE_CLOSED_DAYS = 400
    cache.clear()  # public pages are cached per day
    yield
    cache.clear()


@pytest.mark.parametrize("path", STATED)
def test_the_privacy_page_states_the_retention_periods_from_the_settings(client, periods, path):
    html = assert_valid_html(client.get(path))

    for phrase in STATED[path]:
        assert phrase in html


def test_a_period_of_one_day_reads_as_one_day(client, settings):
    settings.RETENTION_DELETE_ENDED_DAYS = 1
    cache.clear()

    html = client.get("/privacy/").content.decode()
    cache.clear()

    assert "the report is deleted 1 day later" in html

"""Sessions use Django's own engines: cached_db where every app process shares the cache, the
database alone where each process has a cache of its own."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

from tests.config.test_security import PRODUCTION_ENV, run_with
from tests.reporting.conftest import SCREENING_CLEAR, WHAT

ENGINE = "from django.conf import settings; print(settings.SESSION_ENGINE)"


@pytest.mark.process
@pytest.mark.parametrize(
    "cache_url, engine",
    [
        ("locmemcache://", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/0", "django.contrib.sessions.backends.cached_db"),
        ("dbcache://site_cache", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_the_session_engine_follows_whether_the_cache_is_shared(cache_url, engine):
    result = run_with(
        {**PRODUCTION_ENV, "CACHE_URL": cache_url}, "-c", f"import django; django.setup(); {ENGINE}"
    )

    assert result.stdout.strip() == engine, result.stderr


def test_tests_run_with_the_database_engine():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


@pytest.mark.django_db
def test_a_resident_keeps_their_answers_between_steps(client):
    client.post("/report/screening/", SCREENING_CLEAR)
    client.post("/report/new/what/", {**WHAT, "action": "next"})

    page = client.get("/report/new/what/").content.decode()

    assert WHAT["address"] in page
    assert Session.objects.count() == 1

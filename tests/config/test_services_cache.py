"""The cache on Redis: Django's own backend, against Debian's redis-server started here."""

import pytest
import redis

from publicsite.models import GlossaryTerm
from tests.config.services import redis_server, settings_under

pytestmark = pytest.mark.process


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as url:
        yield url


@pytest.fixture
def redis_cache(redis_url, settings, monkeypatch):
    """The running settings' cache replaced by the one the settings module makes for this Redis."""
    settings.CACHES = settings_under(monkeypatch, {"CACHE_URL": redis_url})["CACHES"]
    connection = redis.Redis.from_url(redis_url)
    connection.flushdb()
    return connection


@pytest.mark.parametrize("scheme", ["redis", "rediscache"])
def test_a_redis_cache_url_gets_djangos_own_redis_backend(monkeypatch, scheme):
    configured = settings_under(monkeypatch, {"CACHE_URL": f"{scheme}://cache.internal:6379/2"})

    assert configured["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert configured["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/2"


def test_without_a_cache_url_each_process_keeps_its_own_memory_cache(monkeypatch):
    monkeypatch.delenv("CACHE_URL", raising=False)

    configured = settings_under(monkeypatch, {})

    assert configured["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.django_db
def test_public_pages_are_kept_in_redis_and_an_edit_shows_on_the_next_request(
    redis_cache, anonymous, opi_staff
):
    term = GlossaryTerm.objects.create(term="Crisis team", slug="crisis-team", definition="First words.")

    assert "First words." in anonymous.get("/glossary/").content.decode()
    assert redis_cache.keys("*publicsite:*") != []
    posted = {"slug": "crisis-team", "is_published": "on", "_save": "Save"}
    for language in ("en", "es", "so", "hmn"):
        posted |= {f"term_{language}": "", f"definition_{language}": ""}
    posted |= {"term_en": "Crisis team", "definition_en": "Second words."}
    saved = opi_staff.post(f"/admin/publicsite/glossaryterm/{term.pk}/change/", posted)
    assert saved.status_code == 302

    assert "Second words." in anonymous.get("/glossary/").content.decode()

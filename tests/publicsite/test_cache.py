"""Public pages are cached per language and are right again on the very next request after an edit
in the admin, and within seconds after any other change."""

import datetime
import gzip
import json

import html5lib
import pytest
import time_machine
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.middleware import PrivateUnlessPublicMiddleware
from pilots.models import Program
from publicsite.cache import (
    OTHER_CONTENT_TABLES,
    TRIGGER_NAME,
    VERSION_SECONDS,
    cached_page,
    is_content_model,
    release,
    stored_content_version,
)
from publicsite.middleware import PageCacheMiddleware
from publicsite.models import GlossaryTerm
from tests.factories import make_council_update, make_program

pytestmark = pytest.mark.django_db


def form_data(html: str, form_id: str) -> dict:
    """What a browser would submit from the form as it is: every field with its current value."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    form = tree.find(f".//form[@id='{form_id}']")
    data: dict[str, list[str]] = {}
    for element in form.iter():
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "input":
            kind = element.get("type", "text")
            if kind in ("submit", "button", "file") or (
                kind in ("checkbox", "radio") and element.get("checked") is None
            ):
                continue
            data.setdefault(name, []).append(element.get("value", "on" if kind == "checkbox" else ""))
        elif element.tag == "textarea":
            data.setdefault(name, []).append(element.text or "")
        elif element.tag == "select":
            chosen = [
                option.get("value") for option in element.iter("option") if option.get("selected") is not None
            ]
            data.setdefault(name, []).extend(chosen)
    return data


def test_a_program_edited_in_the_admin_shows_on_the_next_request(client, opi_staff):
    program = Program.objects.get(slug="mobile-crisis-teams")
    page = f"/es/programs/{program.slug}/"
    with time_machine.travel(timezone.now(), tick=False):  # the version read does not expire meanwhile
        assert "Equipos desarmados" in client.get(page).content.decode()  # now cached

        change_url = reverse("admin:pilots_program_change", args=[program.pk])
        data = form_data(opi_staff.get(change_url).content.decode(), "program_form")
        data["summary_es"] = ["Resumen nuevo escrito por el personal."]
        response = opi_staff.post(change_url, data)
        assert response.status_code == 302, response.content.decode()[:3000]

        html = client.get(page).content.decode()
    assert "Resumen nuevo escrito por el personal." in html
    assert "Equipos desarmados" not in html


def test_a_cached_page_costs_no_query_and_is_kept_per_language(client, django_assert_max_num_queries):
    english = client.get("/glossary/").content
    spanish = client.get("/es/glossary/").content

    with django_assert_max_num_queries(0):
        assert client.get("/glossary/").content == english
    with django_assert_max_num_queries(0):
        assert client.get("/es/glossary/").content == spanish
    assert english != spanish


def test_any_change_to_public_content_moves_the_version_even_a_bulk_update():
    before = stored_content_version()

    GlossaryTerm.objects.filter(slug="opi").update(definition="Changed in bulk.")
    after_glossary = stored_content_version()
    Program.objects.filter(slug="mobile-crisis-teams").update(position=99)

    assert before < after_glossary < stored_content_version()


def test_a_bulk_update_outside_the_admin_is_on_the_page_within_seconds(client):
    client.get("/glossary/")

    GlossaryTerm.objects.filter(slug="opi").update(definition="Changed without saving each row.")

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=VERSION_SECONDS + 0.1)):
        assert "Changed without saving each row." in client.get("/glossary/").content.decode()


def test_every_pilots_and_publicsite_table_and_the_city_sites_bump_the_version():
    from django.apps import apps

    tables = {
        model._meta.db_table
        for label in ("pilots", "publicsite")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if is_content_model(model)
    } | set(OTHER_CONTENT_TABLES)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name = %s",
            [TRIGGER_NAME],
        )
        watched = {row[0] for row in cursor.fetchall()}

    assert tables - watched == set(), "add a publicsite migration that calls watch_app_tables or watch_tables"


def test_a_scheduled_program_appears_at_its_time_even_on_a_cached_page(client):
    publish_at = timezone.now() + datetime.timedelta(minutes=10)
    make_program(name="Scheduled program", slug="scheduled", publish_at=publish_at)
    assert "Scheduled program" not in client.get("/programs/").content.decode()

    with time_machine.travel(publish_at + datetime.timedelta(seconds=1)):
        assert "Scheduled program" in client.get("/programs/").content.decode()


def _queries_of_second_visit(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_a_filtered_list_is_cached_under_its_valid_filters(client):
    assert _queries_of_second_visit(client, "/programs/?category=reporting&status=active") == 0
    assert _queries_of_second_visit(client, "/timeline/?kind=city") == 0
    assert _queries_of_second_visit(client, "/updates/?page=1") == 0


@pytest.mark.parametrize(
    "path", ["/glossary/?x=random", "/programs/?category=nonsense", "/programs/?status=&category="]
)
def test_made_up_or_reordered_parameters_are_answered_but_never_stored(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200

    # Built again: it reads the page's content.
    assert any("publicsite_contentversion" not in query["sql"] for query in queries)


def _counting_page(response_for):
    """A public view behind the middleware that a real request passes through."""
    calls = []

    @cached_page
    def view(request):
        calls.append(request)
        return response_for(request)

    stack = PageCacheMiddleware(PrivateUnlessPublicMiddleware(SessionMiddleware(CsrfViewMiddleware(view))))
    return stack, calls


def test_a_response_that_sets_a_cookie_is_not_given_to_the_next_visitor():
    def response_for(request):
        response = HttpResponse("Welcome")
        response.set_cookie("visitor", "first")
        return response

    page, calls = _counting_page(response_for)
    page(RequestFactory().get("/a-page/"))
    second = page(RequestFactory().get("/a-page/"))

    assert len(calls) == 2
    assert second.cookies["visitor"].value == "first"  # its own cookie, not a stored copy
    assert "private" in second["Cache-Control"]


@pytest.mark.parametrize("reads", ["session", "csrf token"])
def test_a_response_that_depends_on_the_visitor_is_never_stored(reads):
    def response_for(request):
        if reads == "session":
            return HttpResponse(request.session.get("name", "nobody"))
        return HttpResponse(get_token(request))

    page, calls = _counting_page(response_for)
    for _ in range(2):
        response = page(RequestFactory().get("/a-page/"))

    assert len(calls) == 2
    assert "private" in response["Cache-Control"]


def test_a_response_for_everyone_is_stored_once_and_served_before_the_view():
    page, calls = _counting_page(lambda request: HttpResponse("The same for everyone"))
    first = page(RequestFactory().get("/a-page/"))
    second = page(RequestFactory().get("/a-page/"))

    assert len(calls) == 1
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_stored_page_is_served_compressed_to_browsers_that_ask_and_plain_to_others(
    client, django_assert_max_num_queries
):
    plain = client.get("/glossary/")
    compressed = client.get("/glossary/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    for _ in range(2):
        with django_assert_max_num_queries(0):
            again_compressed = client.get("/glossary/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        with django_assert_max_num_queries(0):
            again_plain = client.get("/glossary/")
        assert again_compressed["Content-Encoding"] == "gzip"
        assert gzip.decompress(again_compressed.content) == plain.content
        assert not again_plain.has_header("Content-Encoding")
        assert again_plain.content == plain.content
        # A stored page carries the headers it was stored with and the security middleware's,
        # with an id of its own for the support line.
        for stored in (again_compressed, again_plain):
            assert stored["X-Content-Type-Options"] == "nosniff"
            assert stored["Referrer-Policy"] == "same-origin"
            assert "camera=()" in stored["Permissions-Policy"]
            assert "Accept-Encoding" in stored["Vary"]
            assert stored["X-Request-ID"] != compressed["X-Request-ID"]
    assert compressed["Content-Encoding"] == "gzip"


def test_a_stored_page_asked_for_over_plain_http_is_sent_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/glossary/", secure=True).status_code == 200  # now stored

    response = client.get("/glossary/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/glossary/"


def test_the_feed_links_to_the_public_address_whatever_host_was_asked_first(client, settings):
    settings.SITE_URL = "https://safety.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "internal.example"]
    update = make_council_update(title="First quarter results")

    first = client.get("/updates/feed/", HTTP_HOST="internal.example").content.decode()
    second = client.get("/updates/feed/").content.decode()

    for feed in (first, second):
        assert f'href="https://safety.example.org/updates/{update.pk}/"' in feed
        assert "internal.example" not in feed
        assert "testserver" not in feed


def test_a_page_stored_by_one_release_is_not_given_out_by_the_next(client, settings):
    settings.RELEASE = "2026.12.1"
    client.get("/glossary/")
    settings.RELEASE = "2026.12.2"  # a deploy: its templates and static file names may differ

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/glossary/").status_code == 200

    assert len(queries) > 0  # built again, by this release


def test_the_release_changes_with_the_static_files_collected_even_when_unnamed(settings, tmp_path):
    settings.RELEASE = ""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    releases = []
    for collected in ("css/site.1a2b.css", "css/site.3c4d.css"):
        manifest = {"paths": {"css/site.css": collected}, "version": "1.1", "hash": collected[9:13]}
        (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
        settings.STATIC_URL = f"/static-{collected[9:13]}/"  # a settings change reloads the storage
        releases.append(release())

    assert releases == ["|1a2b", "|3c4d"]

"""Public pages are cached per language and are right again on the very next request after an edit."""

import datetime
import time

import html5lib
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from pilots.models import Program
from publicsite.cache import TRIGGER_NAME, content_version, is_content_model
from publicsite.models import GlossaryTerm
from tests.factories import make_program

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
    assert "Equipos desarmados" in client.get(page).content.decode()  # now cached

    change_url = reverse("admin:pilots_program_change", args=[program.pk])
    data = form_data(opi_staff.get(change_url).content.decode(), "program_form")
    data["summary_es"] = ["Resumen nuevo escrito por el personal."]
    response = opi_staff.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    html = client.get(page).content.decode()
    assert "Resumen nuevo escrito por el personal." in html
    assert "Equipos desarmados" not in html


def test_a_cached_page_costs_one_query_and_is_kept_per_language(client, django_assert_max_num_queries):
    english = client.get("/glossary/").content
    spanish = client.get("/es/glossary/").content

    with django_assert_max_num_queries(1):
        assert client.get("/glossary/").content == english
    with django_assert_max_num_queries(1):
        assert client.get("/es/glossary/").content == spanish
    assert english != spanish


def test_any_change_to_public_content_moves_the_version_even_a_bulk_update():
    before = content_version()

    GlossaryTerm.objects.filter(slug="opi").update(definition="Changed in bulk.")
    after_glossary = content_version()
    Program.objects.filter(slug="mobile-crisis-teams").update(position=99)

    assert before < after_glossary < content_version()


def test_a_bulk_update_is_on_the_page_at_once(client):
    client.get("/glossary/")

    GlossaryTerm.objects.filter(slug="opi").update(definition="Changed without saving each row.")

    assert "Changed without saving each row." in client.get("/glossary/").content.decode()


def test_every_pilots_and_publicsite_table_bumps_the_version():
    from django.apps import apps

    tables = {
        model._meta.db_table
        for label in ("pilots", "publicsite")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if is_content_model(model)
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name = %s",
            [TRIGGER_NAME],
        )
        watched = {row[0] for row in cursor.fetchall()}

    assert tables - watched == set(), "add a publicsite migration that calls watch_app_tables"


def test_a_scheduled_program_appears_at_its_time_even_on_a_cached_page(client):
    # Three seconds leave a busy machine time for the first request.
    publish_at = timezone.now() + datetime.timedelta(seconds=3)
    make_program(name="Scheduled program", slug="scheduled", publish_at=publish_at)
    assert "Scheduled program" not in client.get("/programs/").content.decode()

    time.sleep(max(0, (publish_at - timezone.now()).total_seconds()) + 0.1)

    assert "Scheduled program" in client.get("/programs/").content.decode()

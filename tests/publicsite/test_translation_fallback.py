"""Text not yet translated is shown in English, marked as English, with a notice in the reader's language."""

import pytest

from publicsite.models import GlossaryTerm
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db


def test_untranslated_glossary_shows_english_with_a_spanish_notice(client):
    html = assert_valid_html(client.get("/es/glossary/"))

    assert "Parte de esta página aún no está traducida, por eso se muestra en inglés." in html
    assert '<dt id="triage" lang="en">Triage</dt>' in html


def test_translated_text_has_no_notice(client):
    for term in GlossaryTerm.objects.all():
        term.term_so = f"{term.term_en} (so)"
        term.definition_so = "Macne."
        term.save()

    html = client.get("/so/glossary/").content.decode()

    assert "Qayb ka mid ah boggan weli lama turjumin" not in html
    assert '<dt id="triage">Triage (so)</dt>' in html


def test_english_readers_never_see_the_notice(client):
    assert "not translated yet" not in client.get("/glossary/").content.decode()


def test_help_finder_answers_are_translated_so_no_notice(client):
    html = client.get("/so/get-help/", {"step": "danger", "danger": "yes"}).content.decode()

    assert "Wac 911 hadda" in html
    assert "lama turjumin" not in html

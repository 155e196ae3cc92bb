"""Text not yet translated is shown in English, marked as English, with a notice in the reader's language."""

import pytest

from publicsite.fallback import english_only_words
from publicsite.models import GlossaryTerm
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db

NOTICES = {
    "es": "Parte de esta página aún no está traducida",
    "so": "Qayb ka mid ah boggan weli lama turjumin",
    "hmn": "Ib feem ntawm nplooj ntawv no tseem tsis tau txhais",
}


def test_no_word_of_the_seeded_content_is_english_only():
    english_only, total = english_only_words()

    assert total > 5000
    assert english_only == 0


@pytest.mark.parametrize("language", ["es", "so", "hmn"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/programs/",
        "/programs/mobile-crisis-teams/",
        "/timeline/",
        "/glossary/",
        "/resources/",
        "/contact/",
    ],
)
def test_seeded_pages_need_no_fallback_notice(client, language, path):
    html = assert_valid_html(client.get(f"/{language}{path}"))

    assert NOTICES[language] not in html
    assert 'lang="en">' not in html.replace('hreflang="en"', "")


def test_a_term_staff_add_without_translations_shows_english_with_a_spanish_notice(client):
    GlossaryTerm.objects.create(slug="wait", term="Wait time", definition="How long a call waits.")

    html = assert_valid_html(client.get("/es/glossary/"))

    assert "Parte de esta página aún no está traducida, por eso se muestra en inglés." in html
    assert '<dt id="wait" lang="en">Wait time</dt>' in html


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

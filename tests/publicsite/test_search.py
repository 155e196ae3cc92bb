"""Full-text search in the reader's language."""

import pytest

from publicsite.models import GlossaryTerm
from tests.factories import make_council_update, make_program
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db


def search(client, text, prefix=""):
    response = client.get(f"{prefix}/search/", {"q": text})
    assert response.status_code == 200
    return assert_valid_html(response)


def test_english_search_matches_other_forms_of_a_word(client):
    make_council_update(title="Responders answered crisis calls", summary="")

    html = search(client, "answering")

    assert "Responders answered crisis calls" in html


def test_spanish_search_uses_spanish_stemming_on_spanish_text(client):
    program = make_program(name="Programa de prueba", summary="Atiende llamadas de crisis.")
    program.summary_es = "Atiende llamadas de crisis."
    program.save()

    assert "Programa de prueba" in search(client, "llamada", "/es")


def test_somali_search_matches_whole_words(client):
    term = GlossaryTerm.objects.get(slug="opi")
    term.definition_so = "Xafiiska Waxqabadka iyo Hal-abuurka ee Magaalada."
    term.save()

    assert 'href="/so/glossary/#opi"' in search(client, "waxqabadka", "/so")


def test_untranslated_text_is_searched_in_english(client):
    html = search(client, "triage", "/hmn")

    assert 'href="/hmn/glossary/#triage"' in html


def test_results_cover_programs_timeline_updates_glossary_and_resources(client):
    make_council_update(title="Mental health teams report to Council", summary="")

    html = search(client, "mental")

    for heading in ("Programs", "Timeline", "Council updates", "Glossary", "Reports and resources"):
        assert f"<h2>{heading}</h2>" in html


def test_no_match_says_so_and_keeps_the_words(client):
    html = search(client, "zzzqqq")

    assert "Nothing matched your search." in html
    assert 'value="zzzqqq"' in html


def test_an_overlong_query_is_explained_and_kept(client):
    html = search(client, "a" * 201, "/es")

    assert '<span class="usa-error-message" id="id_q_error">' in html
    assert 'aria-describedby="id_q_error"' in html
    assert "a" * 201 in html

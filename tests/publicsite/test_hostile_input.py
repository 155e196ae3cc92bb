"""Random and hostile query strings, paths and language choices on the public pages: never a
server error or an ERROR log record, and what the reader typed comes back as valid HTML."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.utils.html import escape
from hypothesis import example, given
from hypothesis import strategies as st

from tests.factories import make_metric, make_metric_value
from tests.publicsite.conftest import assert_valid_html
from tests.strategies import FORM_SETTINGS, SCRIPT, form_data, no_error_logged, typed, value

pytestmark = pytest.mark.django_db

PREFIXES = ["", "/es", "/so", "/hmn"]


def get(path, query, **headers):
    with no_error_logged():
        response = Client().get(path, query, headers=headers)
    assert response.status_code < 500
    return response


@FORM_SETTINGS
@given(query=form_data(["step", "danger", "situation"]), prefix=st.sampled_from(PREFIXES))
@example(query={"step": ["situation"], "danger": ["no"], "situation": [SCRIPT]}, prefix="")
def test_the_help_finder_answers_any_query(query, prefix):
    response = get(f"{prefix}/get-help/", query)

    assert response.status_code == 200
    assert_valid_html(response)


@FORM_SETTINGS
@given(query=form_data(["q"]), prefix=st.sampled_from(PREFIXES))
@example(query={"q": ["'; DROP TABLE pilots_program; --"]}, prefix="")
@example(query={"q": ["a & b | !c <-> d:*"]}, prefix="/es")
def test_search_answers_any_query_and_shows_it_back(query, prefix):
    response = get(f"{prefix}/search/", query)

    assert response.status_code == 200
    # What HTML cannot carry (a NUL, other control characters) is dropped; the rest is shown back.
    text = "".join(character for character in typed(query, "q") or "" if html_can_carry(character))
    html = assert_valid_html(response)
    shown = f' value="{escape(text)}"' if text else ""  # an empty box is written without a value
    assert f'<input type="search" name="q"{shown} class="usa-input"' in html


def html_can_carry(text: str) -> bool:
    return not any(
        (ord(character) < 0x20 and character not in "\t\n\f\r")
        or 0x7F <= ord(character) <= 0x9F
        or 0xFDD0 <= ord(character) <= 0xFDEF
        or ord(character) & 0xFFFE == 0xFFFE
        for character in text
    )


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/programs/", ["category", "status"]),
        ("/timeline/", ["kind"]),
        ("/updates/", ["page"]),
        ("/data/", ["quarter", "start", "end", "metric", "table"]),
        ("/", []),
    ],
)
@FORM_SETTINGS
@given(data=st.data())
def test_listing_pages_answer_any_query(path, names, data):
    query = data.draw(form_data(names or ["q"]))

    response = get(f"{data.draw(st.sampled_from(PREFIXES))}{path}", query)

    if path == "/data/" and response.status_code == 302:
        # The data page sends any other query string to the quarter it validates to.
        response = get(response["Location"], {})
    assert response.status_code == 200
    # A choice that is not on the list is named in the error message, escaped.
    if all(html_can_carry(text) for texts in query.values() for text in texts):
        assert_valid_html(response)


@pytest.fixture
def metric():
    metric = make_metric(code="calls-answered")
    make_metric_value(metric=metric)
    return metric


path_part = st.one_of(value, st.sampled_from(["calls-answered", "total", "by-month"]))


@FORM_SETTINGS
@given(code=path_part, table=path_part, query=form_data(["format"]))
@example(code="calls-answered", table="../../settings", query={})
def test_data_downloads_answer_any_path(metric, code, table, query):
    response = get(f"/data/{quote(code, safe='')}/{quote(table, safe='')}.csv", query)

    assert response.status_code in (200, 404)


# Header and cookie values as a server hands them on: one line of Latin-1 text.
language = st.one_of(
    st.sampled_from(["en", "es", "so", "hmn", "xx", "zh-Hant-TW", "es-419", "*", "", "hmn;q=2", "../"]),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=40),
)


@FORM_SETTINGS
@given(
    accept=language, cookie=language, prefix=st.one_of(st.sampled_from([*PREFIXES, "/xx", "/es-MX"]), value)
)
@example(accept="so,hmn;q=0.9", cookie="\xff", prefix="/hmn")
def test_any_language_choice_gets_a_page(accept, cookie, prefix):
    client = Client()
    client.cookies["django_language"] = cookie
    path = f"/{quote(prefix.strip('/'), safe='')}/get-help/" if prefix else "/get-help/"
    with no_error_logged():
        response = client.get(path, headers={"accept-language": accept})

    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert_valid_html(response)

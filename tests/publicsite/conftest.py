from collections import Counter

import html5lib
import pytest
from django.utils import translation


def assert_valid_html(response) -> str:
    """Fail on any HTML parse error (html5lib in strict mode) or repeated id; return the page."""
    html = response.content.decode()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(html)
    ids = Counter(element.get("id") for element in tree.iter() if element.get("id"))
    repeated = [value for value, count in ids.items() if count > 1]
    assert repeated == [], f"repeated ids: {repeated}"
    return html


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request in another language leaves that language active in the test's thread, and
    modeltranslation then writes the fields of new objects in it; tests build data in English."""
    translation.activate("en")
    yield
    translation.activate("en")

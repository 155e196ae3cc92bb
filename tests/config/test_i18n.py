import re
from pathlib import Path

import polib
import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CATALOGS = sorted(
    [*BASE_DIR.glob("locale/*/LC_MESSAGES/django.po"), *BASE_DIR.glob("*/locale/*/LC_MESSAGES/django.po")]
)

HOME_HEADINGS = {
    "/": ("en", "Get help now"),
    "/es/": ("es", "Obtenga ayuda ahora"),
    "/so/": ("so", "Hel caawimaad hadda"),
    "/hmn/": ("hmn", "Tau kev pab tam sim no"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", HOME_HEADINGS)
def test_home_page_is_served_in_each_language(client, path):
    language, heading = HOME_HEADINGS[path]

    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html


@pytest.mark.django_db
def test_language_links_keep_the_reader_on_the_same_page(client):
    html = client.get("/so/").content.decode()

    for code, url in [("en", "/"), ("es", "/es/"), ("so", "/so/"), ("hmn", "/hmn/")]:
        assert f'href="{url}" lang="{code}" hreflang="{code}"' in html
    assert 'aria-current="true" class="site-languages__current">Soomaali<' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["//evil.example/", "/\\evil.example/", "/es//evil.example/", "/so/\\/evil.example/"]
)
def test_language_links_on_a_404_never_point_at_another_site(client, path):
    # The test client would read a leading // as a host name, so the path is given as the server
    # receives it.
    response = client.request(PATH_INFO=path, REQUEST_METHOD="GET")

    assert response.status_code == 404
    links = re.findall(r'href="([^"]*)" lang="[a-z]+" hreflang=', response.content.decode())
    assert len(links) == 4
    for link in links:
        assert link.startswith("/")
        assert link[1] not in "/\\", link
        assert "evil.example/" in link


@pytest.mark.django_db
def test_unknown_pages_get_a_404_in_the_readers_language(client):
    response = client.get("/es/no-such-page/")

    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_every_interface_string_is_translated(catalog):
    po = polib.pofile(str(catalog))

    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert po.metadata["Language"] == catalog.parts[-3]


def test_every_language_has_catalogs():
    languages = {path.parts[-3] for path in CATALOGS}
    assert languages == {"es", "so", "hmn"}

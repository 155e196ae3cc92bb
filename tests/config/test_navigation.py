"""The header and footer menus: kept ready per language and current page, never shown stale."""

import re

import pytest

pytestmark = pytest.mark.django_db


def current_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page">', html)


def test_the_menus_mark_the_page_being_read_and_only_it(client):
    client.get("/")  # the menus for the home page are now kept

    assert current_links(client.get("/programs/").content.decode()) == ["/programs/"]
    assert current_links(client.get("/privacy/").content.decode()) == ["/privacy/"]
    assert current_links(client.get("/report/new/what/", follow=True).content.decode()) == []
    assert current_links(client.get("/").content.decode()) == ["/"]


def test_the_menus_follow_the_language(client):
    client.get("/programs/")

    html = client.get("/es/programs/").content.decode()

    assert current_links(html) == ["/es/programs/"]
    assert 'href="/es/data/"' in html
    assert 'href="/data/"' not in html
    assert "Comuníquese con la Ciudad" in html
    assert "Contact the City" not in html

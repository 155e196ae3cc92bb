"""Every public page answers in all four languages with valid HTML and its page metadata."""

from xml.etree import ElementTree

import pytest

from pilots.models import Program
from tests.factories import make_council_update, make_program
from tests.publicsite.conftest import assert_valid_html

pytestmark = pytest.mark.django_db

PREFIXES = ["", "/es", "/so", "/hmn"]
PAGES = [
    "/",
    "/get-help/",
    "/get-help/?step=danger&danger=no",
    "/get-help/?step=danger&danger=yes",
    "/programs/",
    "/programs/mobile-crisis-teams/",
    "/timeline/",
    "/updates/",
    "/updates/{update}/",
    "/data/",
    "/glossary/",
    "/resources/",
    "/contact/",
    "/in-person/",
    "/accessibility/",
    "/privacy/",
    "/search/?q=crisis",
]


@pytest.fixture
def update():
    return make_council_update(title="First quarter results", summary="Calls answered by the crisis teams.")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_page_is_valid_html_in_every_language(client, update, prefix):
    for page in PAGES:
        path = prefix + page.format(update=update.pk)
        response = client.get(path)

        assert response.status_code == 200, path
        html = assert_valid_html(response)
        assert f'<html lang="{prefix.strip("/") or "en"}">' in html, path


def test_pages_carry_canonical_alternate_and_open_graph_links(client):
    html = client.get("/es/glossary/?utm=1").content.decode()

    assert '<link rel="canonical" href="http://127.0.0.1:8000/es/glossary/">' in html
    for code, url in [("en", "/glossary/"), ("so", "/so/glossary/"), ("hmn", "/hmn/glossary/")]:
        assert f'<link rel="alternate" hreflang="{code}" href="http://127.0.0.1:8000{url}">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://127.0.0.1:8000/glossary/">' in html
    assert '<meta property="og:title" content="Glosario">' in html
    assert "<title>Glosario | " in html
    assert 'rel="stylesheet" media="print"' in html


def test_an_unpublished_or_scheduled_program_is_not_found(client):
    make_program(slug="draft", is_published=False)
    Program.objects.filter(slug="mobile-crisis-teams").update(publish_at="2999-01-01T00:00Z")

    assert client.get("/programs/draft/").status_code == 404
    assert client.get("/programs/mobile-crisis-teams/").status_code == 404
    assert client.get("/programs/").content.decode().count("/programs/mobile-crisis-teams/") == 0


def test_an_unpublished_council_update_is_not_found(client):
    draft = make_council_update(is_published=False)

    assert client.get(f"/updates/{draft.pk}/").status_code == 404


def test_programs_can_be_filtered_by_category_and_status(client):
    html = client.get("/programs/?category=reporting&status=active").content.decode()

    assert "/programs/city-staff-take-reports/" in html
    assert "/programs/online-reporting/" not in html  # planned, not active
    assert "/programs/mobile-crisis-teams/" not in html  # another category


def test_an_unknown_filter_value_is_explained_and_filters_nothing(client):
    response = client.get("/es/programs/?category=nonsense")

    html = assert_valid_html(response)
    assert response.status_code == 200
    assert "usa-error-message" in html
    assert html.count("usa-card__heading") == Program.objects.published().count()


def test_program_page_shows_goals_phases_and_updates(client):
    program = Program.objects.get(slug="mobile-crisis-teams")
    make_council_update(title="Crisis teams: six months in").programs.add(program)

    html = client.get("/programs/mobile-crisis-teams/").content.decode()

    assert program.goals.first().text_en in html
    assert "usa-step-indicator__segment--complete" in html  # the 2021 phases are over
    assert "Every phase's published end date has passed" in html
    assert "Crisis teams: six months in" in html


def test_the_feed_lists_published_updates_in_the_readers_language(client, update):
    make_council_update(title="Not yet public", is_published=False)

    response = client.get("/so/updates/feed/")

    body = response.content.decode()
    ElementTree.fromstring(response.content)  # noqa: S314 - our own output; fails unless well-formed
    assert response["Content-Type"].startswith("application/atom+xml")
    assert 'xml:lang="so"' in body
    assert "First quarter results" in body
    assert "Not yet public" not in body
    assert f"/so/updates/{update.pk}/" in body


def test_sitemap_lists_each_page_in_each_language_with_alternates(client, update):
    response = client.get("/sitemap.xml")
    ElementTree.fromstring(response.content)  # noqa: S314 - our own output; fails unless well-formed
    body = response.content.decode()

    assert "<loc>http://127.0.0.1:8000/hmn/programs/mobile-crisis-teams/</loc>" in body
    assert 'hreflang="es" href="http://127.0.0.1:8000/es/glossary/"' in body
    assert 'hreflang="x-default"' in body
    assert f"/updates/{update.pk}/" in body


def test_robots_txt_keeps_crawlers_out_of_search_and_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()

    assert "Disallow: /es/search/" in body
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in body


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [
        ("", "Council updates"),
        ("/es", "Informes al Concejo"),
        ("/so", "Warbixinnada Golaha"),
        ("/hmn", "Cov ntawv qhia rau Pawg Sab Laj"),
    ],
)
def test_the_council_updates_heading_is_capitalised_in_every_language(client, update, prefix, heading):
    # The admin's name for the model is the same English words, translated in lower case.
    html = client.get(f"{prefix}/updates/").content.decode()

    assert f"<h1>{heading}</h1>" in html
    assert f'title="{heading}"' in html

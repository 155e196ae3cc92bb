"""Staff preview drafts and scheduled content on the public page they appear on, under the admin;
no one else sees them, and no cache anywhere keeps a preview."""

import datetime

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.admin import preview_url
from core.publishing import previewing
from publicsite import views
from publicsite.models import GlossaryTerm
from tests.factories import (
    make_council_update,
    make_goal,
    make_measure,
    make_milestone,
    make_program,
    make_site,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_term():
    return GlossaryTerm.objects.create(
        term="Draft term", slug="draft-term", definition="A definition not yet public.", is_published=False
    )


def _stored_pages() -> list[bytes]:
    # The test cache is Django's memory cache, whose keys are ":<version>:<key>".
    stored = [cache.get(key.split(":", 2)[2]) for key in list(cache._cache)]
    return [entry.content for entry in stored if hasattr(entry, "content")]


def test_opi_staff_see_a_draft_on_its_page_under_a_preview_banner(opi_staff, draft_term):
    response = opi_staff.get(preview_url(draft_term))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview — not public" in page
    assert "A definition not yet public." in page
    assert "<h1" in page and "Glossary" in page


def test_a_preview_is_sent_private_and_no_store_without_validators(opi_staff, draft_term):
    response = opi_staff.get(preview_url(draft_term))
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives
    assert not response.has_header("ETag") and not response.has_header("Last-Modified")


def test_a_preview_is_never_stored_by_the_page_cache(opi_staff, client, draft_term):
    opi_staff.get(preview_url(draft_term))
    assert not any(b"A definition not yet public." in page for page in _stored_pages())
    # The public page, stored now, is still without the draft.
    assert "A definition not yet public." not in client.get("/glossary/").content.decode()
    assert _stored_pages()
    assert not any(b"A definition not yet public." in page for page in _stored_pages())


def test_a_public_view_drawn_for_a_preview_is_not_marked_for_any_cache(draft_term):
    request = RequestFactory().get("/glossary/")
    with previewing(draft_term.preview_rows()):
        response = views.glossary(request)
    assert not hasattr(response, "keep_seconds")
    assert "public" not in response.get("Cache-Control", "")


def test_the_public_never_see_a_preview(client, draft_term):
    response = client.get(preview_url(draft_term))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("persona", ["report_taker", "staff_without_group"])
def test_staff_who_may_not_change_the_content_get_nothing(request, persona, draft_term):
    response = request.getfixturevalue(persona).get(preview_url(draft_term))
    assert response.status_code == 404
    assert b"A definition not yet public." not in response.content


def test_a_city_site_is_previewed_by_supervisors_who_keep_the_sites(supervisor, opi_staff):
    site = make_site(name="Site opening soon", is_published=False)
    assert "Site opening soon" in supervisor.get(preview_url(site)).content.decode()
    assert opi_staff.get(preview_url(site)).status_code == 404


def test_a_preview_of_an_unknown_kind_or_row_is_not_found(opi_staff):
    url = reverse("admin:preview", kwargs={"app_label": "pilots", "model_name": "nothing", "pk": 1})
    assert opi_staff.get(url).status_code == 404
    url = reverse("admin:preview", kwargs={"app_label": "pilots", "model_name": "program", "pk": 999999})
    assert opi_staff.get(url).status_code == 404
    # A model that is not public content has no preview.
    url = reverse("admin:preview", kwargs={"app_label": "pilots", "model_name": "partner", "pk": 1})
    assert opi_staff.get(url).status_code == 404


def test_a_draft_program_is_previewed_on_its_own_page(opi_staff, client):
    program = make_program(name="Program in preparation", is_published=False)
    assert client.get(program.get_absolute_url()).status_code == 404
    page = opi_staff.get(preview_url(program)).content.decode()
    assert "Program in preparation" in page and "Preview — not public" in page


def test_a_draft_measure_of_a_draft_program_is_previewed_on_the_program_page(opi_staff):
    goal = make_goal(program=make_program(is_published=False))
    measure = make_measure(name="Calls answered in ten minutes", goal=goal, is_published=False)
    page = opi_staff.get(preview_url(measure)).content.decode()
    assert "Calls answered in ten minutes" in page and "Preview — not public" in page


def test_a_scheduled_council_update_is_previewed_before_its_time(opi_staff, client):
    update = make_council_update(
        title="Update for next week", publish_at=timezone.now() + datetime.timedelta(days=7)
    )
    assert client.get(update.get_absolute_url()).status_code == 404
    assert "Update for next week" in opi_staff.get(preview_url(update)).content.decode()


def test_view_on_site_goes_to_the_preview_for_a_draft_and_to_the_page_once_public(opi_staff):
    milestone = make_milestone(title="Entry in preparation", is_published=False)
    change = reverse("admin:pilots_milestone_change", args=[milestone.pk])
    assert preview_url(milestone) in opi_staff.get(change).content.decode()

    public = make_milestone(title="Public entry")
    page = opi_staff.get(reverse("admin:pilots_milestone_change", args=[public.pk])).content.decode()
    assert preview_url(public) not in page

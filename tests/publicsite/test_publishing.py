"""Every kind of public content can be a draft or scheduled (core.publishing): the public page it
appears on shows it only once it is published and its time has come, cached or not."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.publishing import Publishable, publishable_models
from pilots.models import (
    CouncilUpdate,
    Measure,
    Metric,
    MetricValue,
    Milestone,
    Phase,
    Program,
    ProgressUpdate,
    Recommendation,
)
from publicsite.cache import CACHE_SECONDS, forget_content_version, seconds_to_keep
from publicsite.models import GlossaryTerm, Office, Resource
from reporting.models import Site
from tests.factories import (
    make_council_update,
    make_measure,
    make_milestone,
    make_phase,
    make_program,
    make_progress_update,
    make_recommendation,
    make_site,
    make_staff,
)

pytestmark = pytest.mark.django_db


def _program_page(program) -> str:
    return f"/programs/{program.slug}/"


def _reviewed_update(text, **publishing):
    reviewer = make_staff("OPI staff")
    return make_progress_update(narrative=text, reviewed_by=reviewer, **publishing)


# Each kind: how to make one showing `text`, and the public page it appears on.
KINDS = {
    "program": (lambda text, **p: make_program(name=text, **p), lambda obj: "/programs/"),
    "council update": (lambda text, **p: make_council_update(title=text, **p), lambda obj: "/updates/"),
    "timeline entry": (lambda text, **p: make_milestone(title=text, **p), lambda obj: "/timeline/"),
    "phase": (
        lambda text, **p: make_phase(program=None, name=text, **p),
        lambda obj: "/timeline/",
    ),
    "glossary term": (
        lambda text, **p: GlossaryTerm.objects.create(
            term=text, slug="test-term", definition="A meaning.", **p
        ),
        lambda obj: "/glossary/",
    ),
    "resource": (
        lambda text, **p: Resource.objects.create(
            title=text, kind=Resource.Kind.STUDY, published_on=datetime.date(2024, 1, 1), **p
        ),
        lambda obj: "/resources/",
    ),
    "office": (lambda text, **p: Office.objects.create(name=text, phone="311", **p), lambda obj: "/contact/"),
    "City site": (lambda text, **p: make_site(name=text, **p), lambda obj: "/in-person/"),
    "measure": (lambda text, **p: make_measure(name=text, **p), lambda obj: _program_page(obj.goal.program)),
    "progress update": (_reviewed_update, lambda obj: _program_page(obj.program)),
    "recommendation": (
        lambda text, **p: make_recommendation(reasons=text, **p),
        lambda obj: _program_page(obj.program),
    ),
}


def test_every_kind_of_public_content_is_publishable():
    expected = {
        Program,
        Phase,
        Milestone,
        CouncilUpdate,
        Measure,
        ProgressUpdate,
        Recommendation,
        MetricValue,
        GlossaryTerm,
        Resource,
        Office,
        Site,
    }
    assert set(publishable_models()) == expected
    assert not issubclass(Metric, Publishable)  # its values are what is published


@pytest.mark.parametrize("kind", KINDS)
def test_a_draft_is_not_on_the_public_page_until_published(client, kind):
    make, page = KINDS[kind]
    draft = make("Words of a draft", is_published=False)
    assert "Words of a draft" not in client.get(page(draft)).content.decode()

    type(draft).objects.filter(pk=draft.pk).publish_now()
    forget_content_version()  # as the admin's POST of its action does
    assert "Words of a draft" in client.get(page(draft)).content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_scheduled_content_appears_at_its_time_even_on_a_cached_page(client, kind):
    make, page = KINDS[kind]
    publish_at = timezone.now() + datetime.timedelta(minutes=10)
    scheduled = make("Words for later", is_published=True, publish_at=publish_at)
    assert scheduled.state() == Publishable.State.SCHEDULED
    assert "Words for later" not in client.get(page(scheduled)).content.decode()  # now cached
    assert 0 < seconds_to_keep() <= 600

    with time_machine.travel(publish_at + datetime.timedelta(seconds=1)):
        assert "Words for later" in client.get(page(scheduled)).content.decode()
        assert seconds_to_keep() == CACHE_SECONDS


def test_the_next_publication_of_any_kind_sets_how_long_pages_are_kept():
    now = timezone.now()
    make_program(publish_at=now + datetime.timedelta(minutes=30))
    Office.objects.create(name="Later office", publish_at=now + datetime.timedelta(minutes=5))
    make_milestone(is_published=False, publish_at=now + datetime.timedelta(minutes=1))  # a draft: no time
    with time_machine.travel(now, tick=False):
        assert seconds_to_keep() == 300


def test_the_next_publication_costs_one_query_for_every_kind(django_assert_num_queries):
    with django_assert_num_queries(1):
        seconds_to_keep()


def test_a_draft_is_found_by_no_search(client):
    GlossaryTerm.objects.create(
        term="Zebra crossing", slug="zebra", definition="Stripes.", is_published=False
    )
    assert "Zebra crossing" not in client.get("/search/", {"q": "zebra"}).content.decode()


def test_a_draft_office_is_not_in_the_footer(client):
    Office.objects.create(name="Office in preparation", phone="311", is_published=False)
    assert "Office in preparation" not in client.get("/privacy/").content.decode()


def test_a_draft_city_site_is_not_offered_to_residents():
    make_site(name="Not yet open", is_published=False)
    assert "Not yet open" not in [site.name for site in Site.objects.listed()]


def test_content_seeded_before_drafts_existed_is_still_public():
    for model in (Phase, Milestone, GlossaryTerm, Resource, Office):
        assert not model.objects.drafts().exists(), model


# Who keeps each kind in the admin, and so may publish it: OPI staff, and Supervisors the City sites.
KEEPERS = dict.fromkeys(KINDS, "opi_staff") | {"City site": "supervisor"}
OTHERS = ["opi_staff", "report_taker", "supervisor", "staff_without_group"]


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "progress update"])
def test_those_who_keep_a_kind_publish_it_and_no_one_else(request, kind):
    make, _page = KINDS[kind]
    draft = make("Words of a draft", is_published=False)
    model = type(draft)
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    action = {"action": "publish_selected", "_selected_action": [draft.pk]}

    for persona in OTHERS:
        if persona != KEEPERS[kind]:
            # Refused (403), or, for those who may only read the list, not offered.
            request.getfixturevalue(persona).post(changelist, action)
            assert not model.objects.published().filter(pk=draft.pk).exists(), persona

    keeper = request.getfixturevalue(KEEPERS[kind])
    page = keeper.get(changelist, {"publication": "draft"}).content.decode()
    assert "Draft" in page and str(draft) in page
    keeper.post(changelist, action)
    assert model.objects.published().filter(pk=draft.pk).exists()
    keeper.post(changelist, {"action": "unpublish_selected", "_selected_action": [draft.pk]})
    assert model.objects.drafts().filter(pk=draft.pk).exists()


def test_the_publishing_fields_are_in_their_own_fieldset(opi_staff):
    term = GlossaryTerm.objects.create(term="Term", slug="term", definition="A meaning.")
    page = opi_staff.get(reverse("admin:publicsite_glossaryterm_change", args=[term.pk])).content.decode()
    assert page.index("Publishing</h2>") < page.index('name="is_published"')
    assert page.count('name="is_published"') == 1

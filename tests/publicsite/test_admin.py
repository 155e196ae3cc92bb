"""OPI staff edit the public site's own content in the admin; nobody else can."""

import pytest
from django.urls import reverse

from publicsite.models import GlossaryTerm, HelpDestination, Office, PopulationShare, Resource

pytestmark = pytest.mark.django_db

MODELS = [GlossaryTerm, Resource, Office, HelpDestination, PopulationShare]


def changelist(model):
    return reverse(f"admin:publicsite_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_anonymous_visitors_are_sent_to_the_login_page(anonymous, model):
    response = anonymous.get(changelist(model))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_other_staff_cannot_see_public_content(report_taker, supervisor, staff_without_group, model):
    for client in (report_taker, supervisor, staff_without_group):
        assert client.get(changelist(model)).status_code == 403


def add_rows(first: int, count: int) -> None:
    for number in range(first, first + count):
        office = Office.objects.create(name=f"Office {number}", phone="311")
        HelpDestination.objects.create(
            situation="other", title=f"Go {number}", description=".", office=office
        )
        GlossaryTerm.objects.create(term=f"Term {number}", slug=f"term-{number}", definition="-")
        Resource.objects.create(title=f"Study {number}", kind="study", published_on="2021-01-01")
        PopulationShare.objects.create(dimension="test", category=f"Group {number}", percent=1)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_opi_staff_list_public_content_in_a_constant_number_of_queries(
    opi_staff, model, django_assert_max_num_queries
):
    add_rows(0, 2)
    with django_assert_max_num_queries(12) as few:
        assert opi_staff.get(changelist(model)).status_code == 200
    add_rows(2, 20)

    with django_assert_max_num_queries(len(few)):
        assert opi_staff.get(changelist(model)).status_code == 200


def test_opi_staff_add_a_glossary_term_in_every_language_and_it_is_published(opi_staff, client):
    response = opi_staff.post(
        reverse("admin:publicsite_glossaryterm_add"),
        {
            "term_en": "Crisis line",
            "term_es": "Línea de crisis",
            "term_so": "",
            "term_hmn": "",
            "slug": "crisis-line",
            "definition_en": "A phone line for people in crisis.",
            "definition_es": "Una línea telefónica para personas en crisis.",
            "definition_so": "",
            "definition_hmn": "",
            "is_published": "on",  # ticked by default, as the browser sends it
        },
    )

    assert response.status_code == 302
    assert "Línea de crisis" in client.get("/es/glossary/").content.decode()


def test_a_bad_glossary_term_is_refused_with_a_message_and_nothing_saved(opi_staff):
    before = GlossaryTerm.objects.count()

    response = opi_staff.post(
        reverse("admin:publicsite_glossaryterm_add"),
        {"term_en": "Dup", "slug": "opi", "definition_en": "Duplicate slug."},
    )

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert GlossaryTerm.objects.count() == before


def test_a_population_share_for_a_form_question_must_name_one_of_its_answers(opi_staff):
    add = reverse("admin:publicsite_populationshare_add")

    refused = opi_staff.post(add, {"dimension": "race_ethnicity", "category": "BIPOC", "percent": "37.0"})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "For this breakdown, use one of: american_indian, asian, black," in page
    assert 'value="BIPOC"' in page  # what was typed is kept
    assert not PopulationShare.objects.filter(category="BIPOC").exists()

    accepted = opi_staff.post(add, {"dimension": "Race_Ethnicity", "category": "Black ", "percent": "19.0"})

    assert accepted.status_code == 302
    assert PopulationShare.objects.filter(dimension="race_ethnicity", category="black").exists()


def test_a_population_share_for_another_breakdown_is_named_freely(opi_staff):
    response = opi_staff.post(
        reverse("admin:publicsite_populationshare_add"),
        {"dimension": "ward", "category": "Ward 6", "percent": "8.0"},
    )

    assert response.status_code == 302
    assert PopulationShare.objects.filter(dimension="ward", category="Ward 6").exists()

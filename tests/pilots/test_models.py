import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from pilots.models import CouncilUpdate, Metric, Program
from tests.factories import make_council_update, make_metric, make_metric_value, make_program

pytestmark = pytest.mark.django_db


def test_published_programs_exclude_drafts_and_scheduled_ones():
    live = make_program()
    draft = make_program(is_published=False)
    scheduled = make_program(publish_at=timezone.now() + datetime.timedelta(days=2))

    published = Program.objects.published()

    assert live in published
    assert draft not in published
    assert scheduled not in published
    assert scheduled in Program.objects.scheduled()
    assert scheduled in Program.objects.published(now=timezone.now() + datetime.timedelta(days=3))


def test_program_codes_are_optional_but_unique():
    make_program(code="")
    make_program(code="")
    make_program(code="Z9")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_program(code="Z9")


def test_only_published_council_updates_are_public():
    shown = make_council_update()
    make_council_update(is_published=False)

    assert list(CouncilUpdate.objects.published()) == [shown]


def test_a_total_is_stored_once_per_metric_and_period():
    metric = make_metric()
    make_metric_value(metric=metric)
    make_metric_value(metric=metric, breakdown_dimension="Race", breakdown_category="Black")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_metric_value(metric=metric)


@pytest.mark.parametrize(
    "fields",
    [
        {"value": -1},
        {"period_end": datetime.date(2023, 12, 31)},
        {"breakdown_dimension": "Race"},
    ],
    ids=["negative", "ends-before-start", "half-a-breakdown"],
)
def test_the_database_refuses_impossible_values(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_metric_value(**fields)


def test_public_metrics_are_marked_public_and_belong_to_published_programs():
    shown = make_metric()
    private = make_metric(is_public=False)
    of_a_draft = make_metric(program=make_program(is_published=False))

    assert set(Metric.objects.public()) == {shown}
    assert of_a_draft not in Metric.objects.public()
    assert private not in Metric.objects.public()


def test_program_links_to_its_public_page():
    assert make_program(slug="a-program").get_absolute_url() == "/programs/a-program/"


def test_translated_content_falls_back_to_english():
    program = make_program(name="Crisis teams", summary="Teams answer crisis calls.")
    program.name_es = "Equipos de crisis"
    program.save()

    with translation.override("es"):
        program.refresh_from_db()
        assert program.name == "Equipos de crisis"
        assert program.summary == "Teams answer crisis calls."


def test_a_page_can_tell_when_a_text_falls_back_to_english():
    program = make_program(name="Crisis teams")
    program.name_so = "Kooxaha"
    program.save()

    with translation.override("so"):
        assert program.is_translated("name")
        assert not program.is_translated("summary")
    assert not program.is_translated("name", "hmn")

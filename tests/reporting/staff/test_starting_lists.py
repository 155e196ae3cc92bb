import importlib

import pytest
from django.apps import apps
from django.utils import translation

from reporting.models import MessageTemplate, Reason

pytestmark = pytest.mark.django_db
starting_lists = importlib.import_module("reporting.migrations.0005_starting_reasons_and_templates")


def test_staff_start_with_reasons_for_each_destination_and_templates_in_four_languages():
    # Browser tests flush the database, so the migration's rows are put back here first.
    starting_lists.add_starting_lists(apps)
    starting_lists.add_starting_lists(apps)  # running twice adds nothing

    assert set(Reason.objects.filter(action="refer").values_list("destination", flat=True)) == {
        "mpd",
        "311",
        "traffic_control",
        "other_agency",
    }
    assert Reason.objects.filter(action="decline").count() == 2
    template = MessageTemplate.objects.get(name="Exact place and time")
    for language in ("es", "so", "hmn"):
        with translation.override(language):
            assert template.body != MessageTemplate.objects.get(pk=template.pk).body_en

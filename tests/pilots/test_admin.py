import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from pilots.models import (
    CouncilUpdate,
    Measure,
    Metric,
    MetricValue,
    Milestone,
    Partner,
    Phase,
    Program,
    ProgressUpdate,
    Recommendation,
    StatusChange,
)
from tests.factories import (
    make_council_update,
    make_measure,
    make_metric,
    make_metric_value,
    make_milestone,
    make_phase,
    make_program,
    make_progress_update,
    make_recommendation,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    Program,
    Partner,
    Phase,
    Milestone,
    CouncilUpdate,
    Metric,
    MetricValue,
    Measure,
    ProgressUpdate,
    Recommendation,
]


def changelist(model):
    return reverse(f"admin:pilots_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", CHANGELISTS, ids=lambda model: model.__name__)
def test_anonymous_visitors_are_sent_to_the_login_page(anonymous, model):
    response = anonymous.get(changelist(model))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("model", CHANGELISTS, ids=lambda model: model.__name__)
def test_report_takers_and_supervisors_cannot_see_pilots(report_taker, supervisor, model):
    assert report_taker.get(changelist(model)).status_code == 403
    assert supervisor.get(changelist(model)).status_code == 403


def test_the_admin_index_shows_pilots_only_to_opi_staff(opi_staff, report_taker):
    assert "Pilot programs" in opi_staff.get(reverse("admin:index")).content.decode()
    assert "Pilot programs" not in report_taker.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("model", CHANGELISTS, ids=lambda model: model.__name__)
def test_opi_staff_manage_every_pilots_list(opi_staff, model):
    assert opi_staff.get(changelist(model)).status_code == 200
    assert opi_staff.get(reverse(f"admin:pilots_{model._meta.model_name}_add")).status_code == 200


def _add_rows(count):
    for _number in range(count):
        program = make_program()
        metric = make_metric(program=program)
        make_metric_value(metric=metric)
        make_phase(program=program)
        make_milestone().programs.add(program)
        make_council_update().programs.add(program)
        make_measure(metric=metric)
        make_progress_update(program=program)
        make_recommendation(program=program)


@pytest.mark.parametrize("model", CHANGELISTS, ids=lambda model: model.__name__)
def test_changelists_cost_the_same_queries_for_few_or_many_rows(
    opi_staff, model, django_assert_max_num_queries
):
    _add_rows(2)
    with django_assert_max_num_queries(16):
        assert opi_staff.get(changelist(model)).status_code == 200

    _add_rows(25)
    with django_assert_max_num_queries(16):
        assert opi_staff.get(changelist(model)).status_code == 200


def test_program_changelist_filters_by_status_category_and_role(opi_staff):
    make_program(name="Evaluated pilot", status=Program.Status.EVALUATING)

    response = opi_staff.get(changelist(Program), {"status__exact": "evaluating", "opi_role__exact": "lead"})

    assert "Evaluated pilot" in response.content.decode()
    assert "Mobile behavioral health crisis teams" not in response.content.decode()


def _program_form(program, **changes):
    data = {
        "code": program.code,
        "slug": program.slug,
        "name_en": program.name_en,
        "summary_en": program.summary_en,
        "category": program.category,
        "opi_role": program.opi_role,
        "kind": program.kind,
        "position": program.position,
        "status": program.status,
        "status_changed_on": program.status_changed_on.isoformat(),
        "is_published": "on",
        "publish_at_0": timezone.localtime(program.publish_at).date().isoformat(),
        "publish_at_1": "00:00:00",
    }
    for prefix in ("goals", "benefits", "phases", "status_changes"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def test_a_status_change_records_who_made_it_and_when(opi_staff):
    program = make_program(status=Program.Status.ACTIVE)

    response = opi_staff.post(
        reverse("admin:pilots_program_change", args=[program.pk]), _program_form(program, status="evaluating")
    )

    assert response.status_code == 302
    program.refresh_from_db()
    assert program.status == Program.Status.EVALUATING
    assert program.status_changed_on == timezone.localdate()
    change = StatusChange.objects.get(program=program)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "active",
        "evaluating",
        opi_staff.user,
    )


def test_editing_other_fields_records_no_status_change(opi_staff):
    program = make_program()

    opi_staff.post(
        reverse("admin:pilots_program_change", args=[program.pk]), _program_form(program, name_en="Renamed")
    )

    program.refresh_from_db()
    assert program.name == "Renamed"
    assert not StatusChange.objects.filter(program=program).exists()


def test_a_program_without_a_name_is_refused_with_the_input_kept(opi_staff):
    program = make_program()

    response = opi_staff.post(
        reverse("admin:pilots_program_change", args=[program.pk]),
        _program_form(program, name_en="", summary_en="Kept summary"),
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert "Kept summary" in response.content.decode()


def test_publish_and_unpublish_actions(opi_staff):
    draft = make_program(is_published=False)
    scheduled = make_program(publish_at=timezone.now() + datetime.timedelta(days=5))

    opi_staff.post(
        changelist(Program), {"action": "publish_selected", "_selected_action": [draft.pk, scheduled.pk]}
    )

    assert {draft, scheduled} <= set(Program.objects.published())

    opi_staff.post(changelist(Program), {"action": "unpublish_selected", "_selected_action": [draft.pk]})

    assert draft not in Program.objects.published()


def test_scheduled_programs_show_when_they_go_public(opi_staff):
    make_program(name="Coming soon", publish_at=timezone.now() + datetime.timedelta(days=5))

    content = opi_staff.get(changelist(Program), {"q": "Coming soon"}).content.decode()

    assert "Scheduled for" in content


def test_pilots_admin_loads_nothing_from_other_sites():
    for model in CHANGELISTS:
        model_admin = admin.site._registry[model]
        media = model_admin.media
        for inline in model_admin.inlines:
            media += inline(model, admin.site).media
        rendered = str(media)
        assert "://" not in rendered
        assert '"//' not in rendered


def test_the_program_form_costs_the_same_queries_however_long_its_history(
    opi_staff, django_assert_max_num_queries
):
    program = make_program(status=Program.Status.PLANNED)
    url = reverse("admin:pilots_program_change", args=[program.pk])
    for status in ("active", "evaluating"):
        opi_staff.post(url, _program_form(program, status=status))
        program.refresh_from_db()
    with django_assert_max_num_queries(12):
        assert opi_staff.get(url).status_code == 200

    for status in ("active", "evaluating", "adopted", "active", "ended", "planned") * 3:
        opi_staff.post(url, _program_form(program, status=status))
        program.refresh_from_db()
    with django_assert_max_num_queries(12):
        assert "status history" in opi_staff.get(url).content.decode().lower()


def test_program_search_finds_translated_names_in_any_interface_language(opi_staff):
    response = opi_staff.get(changelist(Program), {"q": "Embajadores"}, HTTP_ACCEPT_LANGUAGE="en")

    assert "Community Safety Ambassadors" in response.content.decode()
    assert "Mobile behavioral health crisis teams" not in response.content.decode()

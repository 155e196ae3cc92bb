"""Imported metric values are drafts until an OPI member publishes them, after a preview of the
program's page with them; the values and their history say who imported and who published."""

import pytest
from django.urls import reverse

from core.admin import preview_url
from pilots import services
from pilots.models import MetricValue
from publicsite.evaluation import program_evaluation
from tests.factories import make_measure, make_metric, make_metric_value, make_staff
from tests.pilots.test_admin_import import IMPORT_URL, upload

pytestmark = pytest.mark.django_db

METRICS = reverse("admin:pilots_metric_changelist")


def import_file(client, text: str):
    preview = client.post(IMPORT_URL, {"format": "0", "import_file": upload(text)})
    confirm = preview.context["confirm_form"]
    return client.post(
        reverse("admin:pilots_metricvalue_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
        follow=True,
    )


def publish(client, metric):
    return client.post(METRICS, {"action": "publish_values", "_selected_action": [metric.pk]}, follow=True)


def test_an_imported_month_is_a_draft_in_the_importers_name_and_not_public(opi_staff, client):
    metric = make_metric(code="crisis-calls", name="Crisis calls")
    response = import_file(opi_staff, "crisis-calls,2024-03-01,2024-03-31,,,987\n")

    assert "The imported values are drafts, not yet public." in response.content.decode()
    value = MetricValue.objects.get()
    assert (value.is_published, value.imported_by, value.published_by) == (False, opi_staff.user, None)
    assert "987" not in client.get("/data/").content.decode()
    assert "987" not in client.get(metric.get_absolute_url()).content.decode()


def test_opi_staff_see_how_many_values_wait_and_preview_them(opi_staff):
    metric = make_metric(code="crisis-calls")
    make_measure(metric=metric, name="Crisis calls answered")
    make_metric_value(metric=metric, value=150, period_start="2024-06-01", period_end="2024-06-30")
    make_metric_value(metric=metric, value=4, is_published=False)
    make_metric_value(
        metric=metric, value=5, is_published=False, period_start="2024-02-01", period_end="2024-02-29"
    )

    page = opi_staff.get(METRICS).content.decode()
    assert "2 values waiting to be published" in page
    assert preview_url(metric) in page

    preview = opi_staff.get(preview_url(metric)).content.decode()
    assert "Preview — not public" in preview and "Crisis calls answered" in preview


def test_publishing_shows_the_values_and_records_who_published(opi_staff, client):
    metric = make_metric(code="crisis-calls")
    import_file(opi_staff, "crisis-calls,2024-03-01,2024-03-31,,,987\n")

    response = publish(opi_staff, metric)

    assert "1 value published." in response.content.decode()
    value = MetricValue.objects.get()
    assert (value.is_published, value.published_by) == (True, opi_staff.user)
    assert "987" in client.get("/data/").content.decode()
    history = value.events.order_by("pgh_id").values_list(
        "pgh_label", "is_published", "imported_by", "published_by"
    )
    assert list(history) == [
        ("insert", False, opi_staff.user.pk, None),
        ("update", True, opi_staff.user.pk, opi_staff.user.pk),
    ]


def test_a_corrected_value_is_a_draft_again_until_published(opi_staff, client):
    metric = make_metric(code="crisis-calls")
    publisher = make_staff("OPI staff")
    make_metric_value(metric=metric, value=10, published_by=publisher)

    import_file(opi_staff, "crisis-calls,2024-01-01,2024-01-31,,,11\n")

    value = MetricValue.objects.get()
    assert (value.value, value.is_published, value.imported_by, value.published_by) == (
        11,
        False,
        opi_staff.user,
        None,
    )


def test_a_value_added_by_hand_is_a_draft_too(opi_staff):
    metric = make_metric(code="crisis-calls")
    response = opi_staff.post(
        reverse("admin:pilots_metricvalue_add"),
        {"metric": metric.pk, "period_start": "2024-01-01", "period_end": "2024-01-31", "value": "3"},
    )
    assert response.status_code == 302
    value = MetricValue.objects.get()
    assert (value.is_published, value.imported_by) == (False, opi_staff.user)


@pytest.mark.parametrize("persona", ["report_taker", "supervisor"])
def test_only_opi_staff_may_publish_values(request, persona):
    metric = make_metric()
    make_metric_value(metric=metric, is_published=False)
    response = publish(request.getfixturevalue(persona), metric)
    assert response.status_code == 403
    assert MetricValue.objects.drafts().count() == 1


def test_the_measures_read_only_published_values():
    metric = make_metric()
    measure = make_measure(metric=metric)
    make_metric_value(
        metric=metric, value=170, period_start="2024-06-01", period_end="2024-06-30", is_published=False
    )
    evaluation = program_evaluation(measure.goal.program, None, measure.due_on)
    assert evaluation.measures[0].value is None

    services.publish_metric_values(MetricValue.objects.all(), by=make_staff("OPI staff"))
    evaluation = program_evaluation(measure.goal.program, None, measure.due_on)
    assert evaluation.measures[0].value == 170


def test_the_metrics_list_costs_the_same_queries_whatever_the_drafts(
    opi_staff, django_assert_max_num_queries
):
    for _number in range(5):
        metric = make_metric()
        make_metric_value(metric=metric, is_published=False)
        make_metric_value(metric=metric, period_start="2024-02-01", period_end="2024-02-29")
    with django_assert_max_num_queries(12):
        assert opi_staff.get(METRICS).status_code == 200

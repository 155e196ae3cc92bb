import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pilots.models import MetricValue
from pilots.resources import MetricValueResource
from tests.factories import make_metric, make_metric_value

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:pilots_metricvalue_import")
EXPORT_URL = reverse("admin:pilots_metricvalue_export")
HEADER = "metric,period_start,period_end,breakdown_dimension,breakdown_category,value\n"


def upload(text: str):
    return SimpleUploadedFile("values.csv", (HEADER + text).encode(), content_type="text/csv")


def test_only_opi_staff_may_import_or_export(anonymous, report_taker, supervisor, opi_staff):
    assert anonymous.get(IMPORT_URL).status_code == 302
    assert report_taker.get(IMPORT_URL).status_code == 403
    assert supervisor.get(EXPORT_URL).status_code == 403
    assert opi_staff.get(IMPORT_URL).status_code == 200
    assert opi_staff.get(EXPORT_URL).status_code == 200


def test_a_bad_file_shows_each_bad_row_and_nothing_is_written(opi_staff):
    make_metric(code="crisis-calls")

    response = opi_staff.post(
        IMPORT_URL,
        {
            "format": "0",
            "import_file": upload(
                "crisis-calls,2024-01-01,2024-01-31,,,5\n"
                "crisis-calls,2024-02-01,2024-01-31,,,5\n"
                "unknown-metric,2024-01-01,2024-01-31,,,5\n"
            ),
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "The period ends before it starts." in content
    assert "Unknown metric code “unknown-metric”." in content
    assert "<td>2 </td>" in content and "<td>3 </td>" in content
    assert 'name="import_file_name"' not in content  # no way to confirm a bad file
    assert "css/import.css" in content  # the reasons are shown, not hidden until hover
    assert not MetricValue.objects.exists()


def test_a_good_file_is_previewed_then_imported_on_confirmation(opi_staff):
    make_metric(code="crisis-calls")

    preview = opi_staff.post(
        IMPORT_URL, {"format": "0", "import_file": upload("crisis-calls,2024-01-01,2024-01-31,,,5\n")}
    )

    assert preview.status_code == 200
    assert not MetricValue.objects.exists()
    confirm = preview.context["confirm_form"]
    response = opi_staff.post(
        reverse("admin:pilots_metricvalue_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )

    assert response.status_code == 302
    assert MetricValue.objects.get().value == 5


def test_staff_export_metric_values_as_csv(opi_staff):
    make_metric_value(metric=make_metric(code="crisis-calls"), value=17)
    fields = {f"metricvalueresource_{name}": "on" for name in MetricValueResource().get_export_order()}

    response = opi_staff.post(EXPORT_URL, {"format": "0", "resource": "0", **fields})

    assert response.status_code == 200
    assert b"crisis-calls,2024-01-01,2024-01-31,,,17" in response.content


@pytest.mark.parametrize(
    ("format_index", "content", "message"),
    [
        ("1", b"this is not a spreadsheet", "Ensure you have chosen the correct format"),
        ("0", b"\xff\xfe\x00garbage", "Ensure you have chosen the correct format"),
        ("0", b"wrong,headers\n1,2\n", "not present in the file headers"),
    ],
    ids=["not-xlsx", "not-text", "wrong-columns"],
)
def test_an_unreadable_file_is_refused_with_a_message(opi_staff, format_index, content, message):
    response = opi_staff.post(
        IMPORT_URL,
        {"format": format_index, "import_file": SimpleUploadedFile("values.csv", content)},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Traceback" not in page
    assert 'name="import_file_name"' not in page
    assert not MetricValue.objects.exists()


def test_the_preview_shows_old_and_new_values_of_updated_rows(opi_staff):
    make_metric_value(metric=make_metric(code="crisis-calls"), value=5)

    preview = opi_staff.post(
        IMPORT_URL, {"format": "0", "import_file": upload("crisis-calls,2024-01-01,2024-01-31,,,7\n")}
    )

    assert "5 → 7" in preview.content.decode()
    assert MetricValue.objects.get().value == 5

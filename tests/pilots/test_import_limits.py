"""Spreadsheet imports refuse files that are too big, too long or zip bombs, and keep previews
apart from residents' files until they are confirmed or cleaned up."""

import datetime
import io
import os
import time
import zipfile

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from import_export.formats.base_formats import XLSX

from pilots.models import MetricValue
from pilots.resources import MetricValueResource
from pilots.services import IMPORT_PREVIEW_FOLDER
from tests.factories import make_metric, make_metric_value

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:pilots_metricvalue_import")
HEADER = "metric,period_start,period_end,breakdown_dimension,breakdown_category,value\n"
CSV_FORMAT, XLSX_FORMAT = "0", "1"


def csv_upload(rows: int) -> SimpleUploadedFile:
    lines = "".join(f"crisis-calls,2024-01-{day:02},2024-01-{day:02},,,5\n" for day in range(1, rows + 1))
    return SimpleUploadedFile("values.csv", (HEADER + lines).encode(), content_type="text/csv")


def post_import(client, upload, file_format=CSV_FORMAT):
    return client.post(IMPORT_URL, {"format": file_format, "import_file": upload})


def form_errors(response) -> list[str]:
    return response.context["form"].errors.get("import_file", [])


def previews() -> list[str]:
    storage = storages["import_export"]
    if not storage.exists(IMPORT_PREVIEW_FOLDER):
        return []
    return storage.listdir(IMPORT_PREVIEW_FOLDER)[1]


@pytest.fixture(autouse=True)
def _metric_and_no_previews():
    make_metric(code="crisis-calls")
    for name in previews():
        storages["import_export"].delete(f"{IMPORT_PREVIEW_FOLDER}/{name}")


def test_a_file_over_the_size_limit_is_refused_with_a_clear_message(opi_staff, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 200

    response = post_import(opi_staff, csv_upload(5))

    assert response.status_code == 200
    assert "files of at most 200\xa0bytes can be imported" in form_errors(response)[0]
    assert not MetricValue.objects.exists()
    assert previews() == []


def test_a_file_with_too_many_rows_is_refused_with_a_clear_message(opi_staff, settings):
    settings.IMPORT_MAX_ROWS = 3

    refused = post_import(opi_staff, csv_upload(4))
    accepted = post_import(opi_staff, csv_upload(3))

    assert form_errors(refused) == ["The file has more than 3 rows; split it into smaller files."]
    assert form_errors(accepted) == []
    assert "confirm_form" in accepted.context


def test_an_xlsx_file_with_too_many_rows_is_refused(opi_staff, settings):
    for day in (1, 2, 3):
        make_metric_value(period_start=datetime.date(2024, 3, day), period_end=datetime.date(2024, 3, day))
    xlsx = XLSX().export_data(MetricValueResource().export())
    settings.IMPORT_MAX_ROWS = 2

    response = post_import(opi_staff, SimpleUploadedFile("values.xlsx", xlsx), XLSX_FORMAT)

    assert form_errors(response) == ["The file has more than 2 rows; split it into smaller files."]


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(opi_staff, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (2 * 1024 * 1024))

    response = post_import(opi_staff, SimpleUploadedFile("values.xlsx", bomb.getvalue()), XLSX_FORMAT)

    assert response.status_code == 200
    assert "The file would unpack to 2.0\xa0MB; at most 1.0\xa0MB can be imported." in form_errors(response)
    assert previews() == []


def test_a_damaged_xlsx_file_gets_a_message_not_an_error_page(opi_staff):
    response = post_import(
        opi_staff, SimpleUploadedFile("values.xlsx", b"PK\x03\x04 not really"), XLSX_FORMAT
    )

    assert response.status_code == 200
    assert form_errors(response)


def test_previews_wait_apart_from_residents_files_and_go_once_confirmed(opi_staff):
    preview = post_import(opi_staff, csv_upload(1))

    [name] = previews()
    assert not storages["default"].exists(IMPORT_PREVIEW_FOLDER)
    confirm = preview.context["confirm_form"]
    response = opi_staff.post(
        reverse("admin:pilots_metricvalue_process_import"),
        {field: confirm[field].value() for field in confirm.fields},
    )

    assert response.status_code == 302
    assert MetricValue.objects.count() == 1
    assert name not in previews()


def test_unconfirmed_previews_are_removed_after_two_hours(opi_staff):
    post_import(opi_staff, csv_upload(1))
    post_import(opi_staff, csv_upload(2))
    old, recent = previews()
    three_hours_ago = time.time() - 3 * 3600
    os.utime(storages["import_export"].path(f"{IMPORT_PREVIEW_FOLDER}/{old}"), (three_hours_ago,) * 2)

    call_command("clean_import_previews", stdout=io.StringIO())

    assert previews() == [recent]

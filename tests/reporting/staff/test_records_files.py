"""The files for the police records system in the admin: Supervisors list and download them, each
download recorded like an export; report takers, OPI staff and visitors get neither."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting import records_export
from reporting.models import AccessRecord, ExportRecord

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/reporting/recordsexport/"


@pytest.fixture
def records_file(accepted):
    return records_export.export_daily()


def download_url(records_file) -> str:
    return reverse("admin:reporting_recordsexport_download", args=[records_file.pk])


def test_supervisors_list_the_files_with_a_link_to_each(supervisor, records_file):
    response = supervisor.get(LIST_URL)

    assert response.status_code == 200
    assert download_url(records_file) in response.content.decode()


def test_a_supervisors_download_is_the_file_and_is_recorded(supervisor, records_file, accepted):
    response = supervisor.get(download_url(records_file))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="records-export-')
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    content = b"".join(response.streaming_content)
    with records_file.file.open("rb") as stored:
        assert content == stored.read()
    assert accepted.case_number in content.decode()
    record = ExportRecord.objects.get()
    assert (record.exported_by, record.included_personal_data, record.report_count) == (
        supervisor.user,
        True,
        1,
    )
    access = AccessRecord.objects.get(kind=AccessRecord.Kind.EXPORT)
    assert (access.staff, access.export, access.report_ids) == (supervisor.user, record, [accepted.pk])


def test_each_download_is_recorded(supervisor, records_file):
    for _time in range(2):
        b"".join(supervisor.get(download_url(records_file)).streaming_content)

    assert ExportRecord.objects.count() == 2


def test_a_removed_file_cannot_be_downloaded(supervisor, records_file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        records_export.remove_files(type(records_file).objects.all())

    assert supervisor.get(download_url(records_file)).status_code == 404
    assert "removed" in supervisor.get(LIST_URL).content.decode()
    assert not ExportRecord.objects.exists()


@pytest.mark.parametrize("role", ["report_taker", "opi_staff"])
def test_report_takers_and_opi_staff_neither_list_nor_download_the_files(role, request, records_file):
    client = request.getfixturevalue(role)

    assert client.get(LIST_URL).status_code == 403
    assert client.get(download_url(records_file)).status_code == 403
    assert not ExportRecord.objects.exists()


def test_visitors_are_sent_to_sign_in(anonymous, records_file):
    response = anonymous.get(download_url(records_file))

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not ExportRecord.objects.exists()


def test_nobody_adds_changes_or_deletes_a_file_record(supervisor, records_file):
    change_url = reverse("admin:reporting_recordsexport_change", args=[records_file.pk])

    assert supervisor.get(reverse("admin:reporting_recordsexport_add")).status_code == 403
    assert supervisor.post(change_url, {"report_count": 0}).status_code == 403
    assert (
        supervisor.get(reverse("admin:reporting_recordsexport_delete", args=[records_file.pk])).status_code
        == 403
    )


def test_the_list_costs_the_same_queries_however_many_files(supervisor, records_file):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert supervisor.get(LIST_URL).status_code == 200
        return len(captured)

    one = queries()
    for _day in range(3):
        records_export.export_daily()

    assert queries() == one

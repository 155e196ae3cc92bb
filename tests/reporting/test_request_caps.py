"""Bodies larger than any legitimate post are refused before they are read, and files added to a
report later share its limits with the files already on it."""

import pytest
from django.conf import settings
from django.test import Client

from reporting import files, services
from reporting.models import Attachment, PendingUpload
from tests.factories import make_report
from tests.reporting.conftest import SCREENING_CLEAR, upload

pytestmark = pytest.mark.django_db


def _supplement(client, report, **data):
    return client.post(
        f"/report/status/{report.reference}/add/",
        {"note": "", "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0", **data},
    )


@pytest.fixture
def report_with_files(resident):
    report, token = make_report()
    services.add_supplement(report, checked_files=[files.check_upload(upload(f"{n}.jpg")) for n in range(7)])
    resident.post(f"/report/status/link/{token}/")
    return report


def test_the_body_limit_leaves_room_for_a_whole_reports_files():
    assert settings.REQUEST_BODY_MAX_SIZE >= files.MAX_TOTAL_SIZE + 512 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES >= files.MAX_FILES


def test_an_upload_larger_than_any_legitimate_post_is_refused_unread(resident):
    resident.post("/report/screening/", SCREENING_CLEAR)

    response = resident.post(
        "/es/report/new/files/",
        {"files": [upload()], "action": "upload"},
        CONTENT_LENGTH=str(settings.REQUEST_BODY_MAX_SIZE + 1),
    )

    assert response.status_code == 413
    assert "Era demasiado para enviar de una vez" in response.content.decode()
    assert not PendingUpload.objects.exists()


def test_a_real_body_over_the_limit_is_refused(resident, settings):
    settings.REQUEST_BODY_MAX_SIZE = 500
    resident.post("/report/screening/", SCREENING_CLEAR)

    response = resident.post("/report/new/files/", {"files": [upload()], "action": "upload"})

    assert response.status_code == 413
    assert "That was too much to send at once" in response.content.decode()
    assert not PendingUpload.objects.exists()


def test_a_form_post_over_the_field_data_limit_is_refused(resident):
    response = resident.post(
        "/report/status/",
        f"reference=R-2026-000001&email={'a' * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 413


def test_too_many_fields_get_the_bad_request_page_not_an_error():
    data = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    response = Client().post("/report/status/", data)

    assert response.status_code == 400
    assert "Something was wrong with the request" in response.content.decode()


def test_files_added_later_count_with_the_files_already_on_the_report(resident, report_with_files):
    page = resident.get(f"/report/status/{report_with_files.reference}/add/").content.decode()
    assert "Files already on your report: 7" in page

    response = _supplement(
        resident, report_with_files, note="Two more", files=[upload("a.jpg"), upload("b.jpg")]
    )

    html = response.content.decode()
    assert "You can add up to 8 files in all." in html
    assert "Two more" in html
    assert report_with_files.attachments.count() == 7
    assert not report_with_files.messages.exists()


def test_the_size_of_files_already_on_the_report_counts_too(resident, report_with_files):
    Attachment.objects.filter(pk=report_with_files.attachments.first().pk).update(size=files.MAX_TOTAL_SIZE)

    response = _supplement(resident, report_with_files, files=[upload("a.jpg")])

    assert "All files together must be under 30.0" in response.content.decode()
    assert report_with_files.attachments.count() == 7


def test_the_service_refuses_files_past_the_reports_limits(report_with_files):
    checked = [files.check_upload(upload("a.jpg")), files.check_upload(upload("b.jpg"))]

    with pytest.raises(services.ReportingError, match="past its limits"):
        services.add_supplement(report_with_files, note="Two more", checked_files=checked)

    assert report_with_files.attachments.count() == 7
    assert not report_with_files.messages.exists()

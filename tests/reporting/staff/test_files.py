import pytest
from django.conf import settings

from reporting import services
from reporting.files import check_upload
from reporting.models import AccessRecord
from tests.reporting.conftest import jpeg_bytes, upload
from tests.reporting.staff.admin_pages import file_url, page_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(report):
    services.add_supplement(report, checked_files=[check_upload(upload(content=jpeg_bytes(gps=True)))])
    return report.attachments.get()


def accesses(report):
    return AccessRecord.objects.filter(report=report, kind=AccessRecord.Kind.FILE)


def test_anonymous_visitors_get_no_file(anonymous, report, attachment):
    response = anonymous.get(file_url(report, "attachment", attachment.pk))

    assert response.status_code == 302
    assert not accesses(report).exists()


@pytest.mark.parametrize("persona", ["opi_staff", "staff_without_group"])
def test_staff_outside_reporting_get_no_file(persona, request, report, attachment):
    response = request.getfixturevalue(persona).get(file_url(report, "attachment", attachment.pk))

    assert response.status_code == 403
    assert not accesses(report).exists()


def test_report_takers_download_the_original_unchanged_and_the_access_is_recorded(
    report_taker, report, attachment
):
    response = report_taker.get(file_url(report, "attachment", attachment.pk))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == jpeg_bytes(gps=True)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    access = accesses(report).get()
    assert (access.staff, access.attachment) == (report_taker.user, attachment)


def test_thumbnails_are_the_viewing_copy_shown_inline(report_taker, report, attachment):
    thumbnail = file_url(report, "attachment", attachment.pk, "viewing")
    assert thumbnail in report_taker.get(page_url(report)).content.decode()

    response = report_taker.get(thumbnail)

    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")
    content = b"".join(response.streaming_content)
    assert b"PhoneMaker" not in content
    assert b"Exif" not in content


def test_a_file_of_another_report_is_not_found_through_this_one(report_taker, report, attachment):
    from tests.factories import make_report

    other, _token = make_report()

    assert report_taker.get(file_url(other, "attachment", attachment.pk)).status_code == 404


def test_uploads_are_not_reachable_by_any_public_url(report_taker, attachment):
    for client_path in [
        settings.MEDIA_URL + attachment.original.name,
        "/media/" + attachment.original.name,
        "/" + attachment.original.name,
    ]:
        assert report_taker.get(client_path).status_code == 404


def test_evidence_files_are_served_the_same_way(report_taker, report):
    evidence = services.log_evidence(
        report,
        actor=report_taker.user,
        kind="digital",
        description="Photo",
        checked_file=check_upload(upload()),
    )

    response = report_taker.get(file_url(report, "evidence", evidence.pk))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == jpeg_bytes()
    assert accesses(report).get().evidence == evidence


@pytest.mark.parametrize(
    ("source", "version"), [("attachment", "exif"), ("evidence", "viewing"), ("other", "original")]
)
def test_unknown_file_addresses_are_not_found(source, version, report_taker, report, attachment):
    assert report_taker.get(file_url(report, source, attachment.pk, version)).status_code == 404
    assert not accesses(report).exists()


def test_a_file_missing_from_storage_is_not_found_and_not_recorded(report_taker, report, attachment):
    attachment.original.storage.delete(attachment.original.name)

    assert report_taker.get(file_url(report, "attachment", attachment.pk)).status_code == 404
    assert not accesses(report).exists()


def test_files_cannot_be_posted_to(report_taker, report, attachment):
    assert report_taker.post(file_url(report, "attachment", attachment.pk)).status_code == 405

"""Uploads on a private S3-compatible bucket: moto's server, started here, never a mock."""

import secrets
import urllib.error
import urllib.request

import pytest
from django.core.files.storage import default_storage

from harness.answers import SCREENING_CLEAR
from reporting.models import AccessRecord, Attachment
from tests.config.services import S3_CREDENTIALS, s3_client, s3_environment, s3_server, settings_under
from tests.reporting.conftest import fill_in_every_step, jpeg_bytes, upload
from tests.reporting.staff.admin_pages import file_url

pytestmark = [pytest.mark.process, pytest.mark.django_db]
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture(scope="module")
def s3_endpoint():
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A new bucket, used through the storages the settings module makes for it."""
    name = f"reports-{secrets.token_hex(4)}"
    s3_client(s3_endpoint).create_bucket(Bucket=name)
    configured = settings_under(monkeypatch, s3_environment(s3_endpoint, name))
    for variable, value in S3_CREDENTIALS.items():
        monkeypatch.setenv(variable, value)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": configured["STORAGES"]["default"],
        "import_export": configured["STORAGES"]["import_export"],
    }
    return name


def status_of_anonymous_get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (the local test server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def file_a_report_with_a_photo(resident) -> Attachment:
    resident.post("/report/screening/", SCREENING_CLEAR)
    response = resident.post(
        "/report/new/files/", {"files": [upload(content=jpeg_bytes(gps=True))], "action": "upload"}
    )
    assert response.status_code == 302
    fill_in_every_step(resident)
    response = resident.post("/report/new/review/", {"acknowledge": "on"}, follow=True)
    assert response.status_code == 200
    return Attachment.objects.get()


def test_with_a_bucket_named_uploads_and_import_previews_go_to_it_privately(monkeypatch):
    configured = settings_under(monkeypatch, s3_environment("http://s3.invalid", "city-reports"))

    default, previews = configured["STORAGES"]["default"], configured["STORAGES"]["import_export"]
    assert default["BACKEND"] == previews["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == previews["OPTIONS"]["bucket_name"] == "city-reports"
    assert default["OPTIONS"]["endpoint_url"] == "http://s3.invalid"
    assert default["OPTIONS"]["default_acl"] == "private"
    assert default["OPTIONS"]["querystring_expire"] == 300
    assert previews["OPTIONS"]["location"] == "import-previews"


def test_without_a_bucket_uploads_stay_in_the_media_folder(monkeypatch):
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)

    configured = settings_under(monkeypatch, {})

    assert configured["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_photo_filed_online_is_kept_in_the_bucket_and_read_back_by_a_report_taker(
    bucket, s3_endpoint, resident, report_taker
):
    attachment = file_a_report_with_a_photo(resident)

    stored = {item["Key"] for item in s3_client(s3_endpoint).list_objects_v2(Bucket=bucket)["Contents"]}
    assert {attachment.original.name, attachment.viewing_copy.name} <= stored
    response = report_taker.get(file_url(attachment.report, "attachment", attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == jpeg_bytes(gps=True)
    assert "no-store" in response["Cache-Control"]
    viewing = report_taker.get(file_url(attachment.report, "attachment", attachment.pk, "viewing"))
    with default_storage.open(attachment.viewing_copy.name) as viewing_copy:
        assert b"".join(viewing.streaming_content) == viewing_copy.read()
    access = AccessRecord.objects.filter(kind=AccessRecord.Kind.FILE, attachment=attachment)
    assert access.count() == 2
    assert {record.staff for record in access} == {report_taker.user}


def test_nobody_reads_the_photo_at_the_bucket_address(bucket, s3_endpoint, resident):
    attachment = file_a_report_with_a_photo(resident)
    client = s3_client(s3_endpoint)

    for name in (attachment.original.name, attachment.viewing_copy.name):
        assert status_of_anonymous_get(f"{s3_endpoint}/{bucket}/{name}") == 403
        grants = client.get_object_acl(Bucket=bucket, Key=name)["Grants"]
        assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
        assert all(grant["Grantee"].get("URI") != ALL_USERS for grant in grants)


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 302), ("opi_staff", 403), ("staff_without_group", 403)]
)
def test_only_staff_who_may_see_the_report_get_its_photo_from_the_bucket(
    bucket, resident, request, persona, status
):
    attachment = file_a_report_with_a_photo(resident)

    response = request.getfixturevalue(persona).get(file_url(attachment.report, "attachment", attachment.pk))

    assert response.status_code == status
    assert not AccessRecord.objects.filter(kind=AccessRecord.Kind.FILE).exists()

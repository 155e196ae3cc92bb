"""The file store failing or full: a clear message on the form, what was typed kept, and no
report or addition without its files."""

import pytest
from django.core.files.storage import FileSystemStorage

from harness.answers import WHAT
from reporting.models import Attachment, HistoryEntry, PendingUpload
from tests.factories import make_report
from tests.reporting.conftest import upload
from tests.reporting.test_status import follow_link

pytestmark = pytest.mark.django_db

FULL = "We could not store your files just now. Please try again in a few minutes."


class FullDisk(FileSystemStorage):
    """A store on a disk with no space left: each file is written to /dev/full, whose every
    write the kernel refuses with ENOSPC, as a full disk does."""

    def _save(self, name, content):
        with open("/dev/full", "wb") as disk:
            for chunk in content.chunks():
                disk.write(chunk)
        return name


@pytest.fixture
def full_disk(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FullDisk", "OPTIONS": {"location": tmp_path}},
    }


def test_a_photo_the_store_cannot_keep_is_explained_and_the_draft_kept(screened, full_disk):
    screened.post("/report/new/what/", {**WHAT, "action": "next"})

    response = screened.post("/report/new/files/", {"files": [upload("bike.jpg")], "action": "upload"})

    assert response.status_code == 503
    assert FULL in response.content.decode()
    assert not PendingUpload.objects.exists()
    assert WHAT["address"] in screened.get("/report/new/what/").content.decode()


def test_an_addition_the_store_cannot_keep_saves_nothing_and_keeps_the_note(resident, full_disk):
    report, token = make_report()
    follow_link(resident, token)

    response = resident.post(
        f"/report/status/{report.reference}/add/",
        {
            "note": "Here is the receipt for the lock.",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-kind": "bag",
            "items-0-description": "Bike bag",
            "items-0-quantity": "1",
            "files": [upload("receipt.jpg")],
        },
    )

    html = response.content.decode()
    assert response.status_code == 503
    assert FULL in html
    assert "Here is the receipt for the lock." in html and "Bike bag" in html
    assert not Attachment.objects.exists()
    assert not report.items.exists() and not report.messages.exists()
    assert not report.history.filter(kind=HistoryEntry.Kind.SUPPLEMENT).exists()

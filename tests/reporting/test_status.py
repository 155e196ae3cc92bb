from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client

from accounts.roles import REPORT_TAKERS
from core import ratelimit
from reporting import files, services
from reporting.models import Attachment, Report
from tests.factories import make_report, make_staff
from tests.reporting.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed():
    report, token = make_report(email="Alex@Example.org")
    return report, token


def follow_link(client, token):
    """Open an emailed link and press its button, as the resident does."""
    assert client.get(f"/report/status/link/{token}/").status_code == 200
    return client.post(f"/report/status/link/{token}/", follow=True)


def test_the_emailed_link_opens_the_status_page(resident, filed):
    report, token = filed

    response = follow_link(resident, token)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/report/status/{report.reference}/"
    assert "Status: Submitted" in html
    assert "A City staff member will review it" in html


def test_a_status_page_is_never_shown_without_a_link(filed):
    report, _token = filed

    assert Client().get(f"/report/status/{report.reference}/").url == "/report/status/"
    assert Client().get("/report/status/R-2026-999999/").url == "/report/status/"


def test_status_look_ups_are_rate_limited_per_client(resident, filed, monkeypatch):
    report, _token = filed
    monkeypatch.setitem(ratelimit.LIMITS, "lookup", (2, 3600))
    data = {"reference": report.reference, "email": "nobody@example.org"}

    codes = [resident.post("/report/status/", data).status_code for _ in range(3)]

    assert codes == [200, 200, 429]
    assert Client(REMOTE_ADDR="10.0.0.2").post("/report/status/", data).status_code == 200


def test_the_status_page_shows_staff_messages_and_takes_an_answer(resident, filed):
    report, token = filed
    services.request_info(report, actor=make_staff(REPORT_TAKERS), body="Which rack was it?")
    follow_link(resident, token)

    html = resident.get(f"/report/status/{report.reference}/").content.decode()
    assert "Which rack was it?" in html
    assert "Answer our question" in html

    response = resident.post(
        f"/report/status/{report.reference}/answer/", {"body": "By the library."}, follow=True
    )

    html = response.content.decode()
    assert "Your answer was sent to the City." in html
    assert "By the library." in html
    assert Report.objects.get(pk=report.pk).status == "submitted"


def test_an_empty_answer_is_explained(resident, filed):
    report, token = filed
    services.request_info(report, actor=make_staff(REPORT_TAKERS), body="Which rack?")
    follow_link(resident, token)

    response = resident.post(f"/report/status/{report.reference}/answer/", {"body": ""})

    assert response.status_code == 400
    assert "Please answer this question." in response.content.decode()


def test_an_accepted_report_shows_its_case_number(resident, filed):
    report, token = filed
    report = services.accept(report, actor=make_staff(REPORT_TAKERS))

    html = follow_link(resident, token).content.decode()

    assert report.case_number in html


def test_a_resident_adds_an_item_and_a_file_later(resident, filed):
    report, token = filed
    follow_link(resident, token)

    response = resident.post(
        f"/report/status/{report.reference}/add/",
        {
            "note": "Found the receipt.",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-kind": "bag",
            "items-0-description": "Bike bag",
            "items-0-quantity": "1",
            "files": [upload("receipt.jpg")],
        },
        follow=True,
    )

    assert "What you added is now part of your report." in response.content.decode()
    item = report.items.get()
    assert (item.description, item.added_later) == ("Bike bag", True)
    assert Attachment.objects.get(report=report).added_later
    assert report.messages.get().body == "Found the receipt."


def test_adding_nothing_is_explained(resident, filed):
    report, token = filed
    follow_link(resident, token)

    response = resident.post(
        f"/report/status/{report.reference}/add/",
        {"note": "", "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-0-quantity": "1"},
    )

    assert "Add a note, an item or a file before you send." in response.content.decode()


def test_a_bad_file_added_later_saves_nothing(resident, filed):
    report, token = filed
    follow_link(resident, token)

    response = resident.post(
        f"/report/status/{report.reference}/add/",
        {
            "note": "Here is a photo.",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-quantity": "1",
            "files": [upload("photo.jpg", b"not an image")],
        },
    )

    html = response.content.decode()
    assert "is not a JPEG, PNG, HEIC or PDF file" in html
    assert "Here is a photo." in html
    assert not report.messages.exists()


def test_a_resident_withdraws_their_report(resident, filed):
    report, token = filed
    follow_link(resident, token)

    response = resident.post(
        f"/report/status/{report.reference}/withdraw/", {"reason": "Found my bike."}, follow=True
    )

    html = response.content.decode()
    assert "Your report is withdrawn." in html
    assert "You withdrew this report." in html
    assert "Withdraw this report" not in html
    assert Report.objects.get(pk=report.pk).status == "withdrawn"


def test_withdrawing_a_report_twice_is_refused_on_the_status_page(resident, filed):
    report, token = filed
    follow_link(resident, token)
    resident.post(f"/report/status/{report.reference}/withdraw/", {"reason": "Found my bike."}, follow=True)

    # The form is no longer offered, even at its address; sent anyway, it is refused.
    assert (
        resident.get(f"/report/status/{report.reference}/withdraw/").url
        == f"/report/status/{report.reference}/"
    )
    response = resident.post(
        f"/report/status/{report.reference}/withdraw/", {"reason": "Again."}, follow=True
    )

    html = response.content.decode()
    assert response.redirect_chain[-1] == (f"/report/status/{report.reference}/", 302)
    assert "so that cannot be done now." in html
    assert "Your report is withdrawn." not in html
    assert report.history.filter(to_status="withdrawn").count() == 1


def test_the_status_page_costs_the_same_queries_however_many_items(resident, django_assert_max_num_queries):
    item = {"kind": "tools", "description": "Drill", "quantity": 1}
    few, few_token = make_report(items=[item])
    many, many_token = make_report(items=[item] * 25)
    follow_link(resident, few_token)
    follow_link(resident, many_token)

    for report in (few, many):
        with django_assert_max_num_queries(8):
            assert resident.get(f"/report/status/{report.reference}/").status_code == 200


def test_files_saved_for_an_addition_that_then_fails_are_removed(filed):
    report, _token = filed
    checked = files.check_upload(upload("receipt.jpg"))
    storage = Attachment._meta.get_field("original").storage
    before = _stored_names(storage)

    with (
        mock.patch("reporting.models.HistoryEntry.objects.create", side_effect=DatabaseError),
        pytest.raises(DatabaseError),
    ):
        services.add_supplement(report, note="Receipt", checked_files=[checked])

    assert _stored_names(storage) == before
    assert not Attachment.objects.exists()
    assert not report.messages.exists()


def _stored_names(storage) -> set[str]:
    root = Path(storage.location)
    return {str(path) for path in root.rglob("*") if path.is_file()}

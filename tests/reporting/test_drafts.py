"""A draft keeps only what its steps ask for, capped in length, and nothing of it outlives a day
without activity."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from core.models import RateLimit
from reporting import services
from reporting.draft import SESSION_KEY
from reporting.models import AccessLink, PendingUpload
from tests.factories import make_report
from tests.reporting.conftest import ABOUT, WHAT, upload

pytestmark = pytest.mark.django_db


def _saved(client, step):
    return client.session[SESSION_KEY]["steps"][step]


def test_a_step_keeps_only_its_own_fields(screened):
    screened.post("/report/new/what/", {**WHAT, "is_staff": "1", "x" * 50: "y" * 5000, "action": "next"})

    assert set(_saved(screened, "what")) == set(WHAT)


def test_each_value_is_cut_to_the_longest_its_field_accepts(screened):
    screened.post(
        "/report/new/what/",
        {**WHAT, "address": "A" * 10_000, "narrative": "N" * 100_000, "occurred_from": "9" * 10_000},
    )
    screened.post("/report/new/about/", {**ABOUT, "full_name": "B" * 10_000, "action": "next"})

    what = _saved(screened, "what")
    assert len(what["address"]) == 200
    assert len(what["narrative"]) == 5000
    assert len(what["occurred_from"]) == 100
    assert len(_saved(screened, "about")["full_name"]) == 150


def test_item_rows_are_capped_in_number_and_length(screened):
    rows = {"items-TOTAL_FORMS": "100000", "items-INITIAL_FORMS": "0"}
    for index in range(40):
        rows[f"items-{index}-description"] = "D" * 10_000
        rows[f"items-{index}-colour"] = "red"

    response = screened.post("/report/new/items/", {**rows, "action": "next"})

    assert response.status_code == 200
    items = _saved(screened, "items")
    assert items["items-TOTAL_FORMS"] == "30"
    assert "items-30-description" not in items
    assert not any(key.endswith("-colour") for key in items)
    assert len(items["items-0-description"]) == 300


def test_saving_a_step_keeps_the_draft_a_day_from_now(screened):
    screened.post("/report/new/what/", {**WHAT, "action": "next"})

    assert screened.session.get_expiry_age() == 24 * 3600
    expires = Session.objects.get(session_key=screened.session.session_key).expire_date
    assert timezone.now() + timedelta(hours=23) < expires <= timezone.now() + timedelta(hours=24)


def test_saving_a_step_keeps_the_drafts_uploads(screened):
    screened.post("/report/new/files/", {"files": [upload()], "action": "upload"})
    PendingUpload.objects.update(active_at=timezone.now() - timedelta(hours=23))

    screened.post("/report/new/what/", {**WHAT, "action": "next"})
    call_command("clean_pending_uploads")

    assert PendingUpload.objects.get().active_at > timezone.now() - timedelta(minutes=1)


def test_the_cleanup_deletes_drafts_left_for_a_day_and_is_harmless_twice(screened):
    screened.post("/report/new/files/", {"files": [upload()], "action": "upload"})
    screened.post("/report/new/what/", {**WHAT, "action": "next"})
    name = PendingUpload.objects.get().original.name
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    PendingUpload.objects.update(active_at=timezone.now() - timedelta(hours=24, seconds=1))

    call_command("clean_pending_uploads")
    call_command("clean_pending_uploads")

    assert not Session.objects.exists()
    assert not PendingUpload.objects.exists()
    assert not PendingUpload._meta.get_field("original").storage.exists(name)
    assert screened.get("/report/new/what/").url == "/report/screening/"


def test_the_cleanup_keeps_what_is_still_in_use(screened):
    screened.post("/report/new/files/", {"files": [upload()], "action": "upload"})

    call_command("clean_pending_uploads")

    assert Session.objects.count() == 1
    assert PendingUpload.objects.count() == 1
    assert screened.get("/report/new/files/").status_code == 200


def test_the_cleanup_deletes_access_links_expired_a_day_ago():
    old, _token = make_report()
    fresh, fresh_token = make_report()
    AccessLink.objects.filter(report=old).update(
        created_at=timezone.now() - timedelta(days=9), expires_at=timezone.now() - timedelta(days=2)
    )
    RateLimit.hit("lookup:old", timezone.now() - timedelta(days=1))

    call_command("clean_pending_uploads")

    assert list(AccessLink.objects.values_list("report", flat=True)) == [fresh.pk]
    assert not RateLimit.objects.exists()
    assert services.find_access_link(fresh_token) is not None

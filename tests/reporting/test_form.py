from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone

from core import ratelimit
from harness.answers import ADDRESS
from reporting.models import Attachment, HistoryEntry, PendingUpload, Report, ScreeningExit
from tests.reporting.conftest import ABOUT, ITEMS, SCREENING_CLEAR, WHAT, fill_in_every_step, upload

pytestmark = pytest.mark.django_db


def post_step(client, step, data, action="next"):
    return client.post(f"/report/new/{step}/", {**data, "action": action})


def test_each_step_shows_the_step_indicator(screened):
    html = screened.get("/report/new/items/").content.decode()

    assert 'class="usa-step-indicator' in html
    # After what happened and the check of the address typed, which matched none of the list.
    assert '<span class="usa-step-indicator__current-step">3</span>' in html
    assert 'aria-current="step"><span class="usa-step-indicator__segment-label">Items' in html


TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()

WHAT_ERRORS = [
    ({"kind": ""}, "Please answer this question."),
    ({"occurred_from": "not a date"}, "Enter a valid date."),
    ({"occurred_from": TOMORROW}, "The date cannot be in the future."),
    ({"occurred_to": "2026-01-01"}, "This must be on or after the first day."),
    ({"occurred_to": TOMORROW}, "The date cannot be in the future."),
    ({"address": ""}, "Please answer this question."),
    ({"place_type": "castle"}, "Select a valid choice."),
    ({"narrative": ""}, "Please answer this question."),
]


@pytest.mark.parametrize(("change", "message"), WHAT_ERRORS, ids=[str(c) for c, _m in WHAT_ERRORS])
def test_what_happened_errors_are_explained_and_input_is_kept(screened, change, message):
    response = post_step(screened, "what", {**WHAT, **change})

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Please fix the following" in html
    assert 'value="1200 Nicollet Mall"' in html or change.get("address") == ""
    assert "My bike was cut from the rack." in html or change.get("narrative") == ""


ABOUT_ERRORS = [
    ({"full_name": ""}, "full_name", "Please answer this question."),
    ({"email": "not-an-email"}, "email", "Enter a valid email address."),
    ({"follow_up": "phone", "phone": ""}, "phone", "Give a phone number so we can call you."),
    (
        {"follow_up": "visit"},
        "home_address",
        "Give your address or phone number so we can arrange the visit.",
    ),
    ({"language": "fr"}, "language", "Select a valid choice."),
]


@pytest.mark.parametrize(("change", "field", "message"), ABOUT_ERRORS, ids=[e[1] for e in ABOUT_ERRORS])
def test_about_you_errors_are_explained_and_input_is_kept(screened, change, field, message):
    response = post_step(screened, "about", {**ABOUT, **change})

    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert 'value="Alex Resident"' in html or field == "full_name"


def test_item_errors_are_explained_and_input_is_kept(screened):
    response = post_step(screened, "items", {**ITEMS, "items-0-quantity": "0", "items-0-value": "-5"})

    html = response.content.decode()
    assert "Ensure this value is greater than or equal to 1." in html
    assert "Ensure this value is greater than or equal to 0." in html
    assert 'value="WTU123456"' in html


# A browser posts the blank row with its displayed quantity.
EMPTY_ITEM_ROW = {"items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-0-quantity": "1"}


def test_a_theft_needs_at_least_one_item(screened):
    post_step(screened, "what", WHAT)

    response = post_step(screened, "items", EMPTY_ITEM_ROW)

    assert "Add at least one item that was stolen." in response.content.decode()


def test_damage_alone_may_list_no_items(screened):
    post_step(screened, "what", {**WHAT, "kind": "damage"})

    response = post_step(screened, "items", EMPTY_ITEM_ROW)

    assert response.status_code == 302


def test_items_can_be_added_and_removed_without_javascript(screened):
    response = post_step(screened, "items", ITEMS, action="add")
    assert response.url == "/report/new/items/?more=1#items-new"
    html = screened.get(response.url).content.decode()
    assert "Item 2" in html and 'value="WTU123456"' in html

    screened.post("/report/new/items/", {**ITEMS, "items-TOTAL_FORMS": "2", "remove": "0"})

    html = screened.get("/report/new/items/").content.decode()
    assert "WTU123456" not in html


def test_another_item_opens_a_blank_row_that_is_not_in_error(screened):
    response = post_step(screened, "items", ITEMS, action="add")

    html = screened.get(response.url).content.decode()
    assert "Item 2" in html
    assert "Please answer this question." not in html and "Please fix the following" not in html
    assert 'name="items-1-quantity" value="1"' in html


@pytest.mark.parametrize("quantity", ["1", ""], ids=["as drawn", "how many emptied"])
def test_a_blank_added_row_is_left_out_without_a_word(ready_to_submit, quantity):
    blank_row = {"items-TOTAL_FORMS": "2", "items-1-quantity": quantity}

    response = post_step(ready_to_submit, "items", {**ITEMS, **blank_row})

    assert response.status_code == 302
    html = ready_to_submit.get("/report/new/review/").content.decode()
    assert "Blue mountain bike" in html
    ready_to_submit.post("/report/new/review/", {"acknowledge": "on"})
    assert Report.objects.get().items.count() == 1


def test_going_back_keeps_what_was_typed_even_when_unfinished(screened):
    post_step(screened, "what", WHAT)
    response = post_step(screened, "items", {**ITEMS, "items-0-description": ""}, action="back")

    assert response.url == "/report/new/address/"
    assert 'value="1200 Nicollet Mall"' in screened.get("/report/new/what/").content.decode()
    assert 'value="WTU123456"' in screened.get("/report/new/items/").content.decode()


def test_the_review_page_shows_every_answer_with_totals(ready_to_submit):
    html = ready_to_submit.get("/report/new/review/").content.decode()

    for text in [
        "Blue mountain bike",
        "WTU123456",
        "$450.00",
        "1200 Nicollet Mall",
        "Alex Resident",
        "Online only",
    ]:
        assert text in html
    assert "Prefer not to say" in html


def test_the_review_sends_the_resident_to_a_step_left_unfinished(screened):
    post_step(screened, "what", WHAT)

    response = screened.get("/report/new/review/")

    assert response.url == "/report/new/address/"


def test_submitting_saves_everything_at_once_and_shows_the_reference(
    ready_to_submit, django_capture_on_commit_callbacks
):
    ready_to_submit.post("/report/new/files/", {"files": [upload("bike.jpg")], "action": "next"})

    with django_capture_on_commit_callbacks(execute=True):
        response = ready_to_submit.post("/report/new/review/", {"acknowledge": "on"}, follow=True)

    report = Report.objects.get()
    html = response.content.decode()
    assert report.reference in html
    assert (report.kind, report.email, report.age_range) == ("theft", "alex@example.org", "prefer_not")
    assert report.items.get().serial_number == "WTU123456"
    assert Attachment.objects.get(report=report).original_name == "bike.jpg"
    assert not PendingUpload.objects.exists()
    assert report.history.get().kind == HistoryEntry.Kind.SUBMITTED
    [email] = mail.outbox
    assert report.reference in email.body and "/report/status/link/" in email.body
    # The draft is gone: the form starts again from the screening.
    assert ready_to_submit.get("/report/new/what/").url == "/report/screening/"


def test_submitting_without_the_acknowledgement_is_refused(ready_to_submit):
    response = ready_to_submit.post("/report/new/review/", {})

    assert "Tick the box to confirm before you submit." in response.content.decode()
    assert not Report.objects.exists()


def test_a_filled_honeypot_saves_nothing(ready_to_submit):
    response = ready_to_submit.post("/report/new/review/", {"acknowledge": "on", "website": "http://spam"})

    assert "We could not accept this form." in response.content.decode()
    assert not Report.objects.exists()


def test_a_failed_submission_saves_nothing_and_keeps_the_draft(ready_to_submit):
    ready_to_submit.post("/report/new/files/", {"files": [upload("bike.jpg")], "action": "next"})

    with mock.patch("reporting.models.Item.objects.bulk_create", side_effect=DatabaseError):
        response = ready_to_submit.post("/report/new/review/", {"acknowledge": "on"})

    assert response.status_code == 503
    assert "Nothing was saved" in response.content.decode()
    assert not Report.objects.exists() and not Attachment.objects.exists()
    assert PendingUpload.objects.count() == 1
    assert ready_to_submit.get("/report/new/review/").status_code == 200


def test_submissions_are_rate_limited_per_client(ready_to_submit, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "submit", (1, 3600))
    ready_to_submit.post("/report/new/review/", {"acknowledge": "on"})
    ready_to_submit.post("/report/screening/", SCREENING_CLEAR)
    fill_in_every_step(ready_to_submit)

    response = ready_to_submit.post("/report/new/review/", {"acknowledge": "on"})

    assert response.status_code == 429
    assert Report.objects.count() == 1


def test_the_form_works_in_each_language(screened):
    fill_in_every_step(screened, prefix="/hmn")

    html = screened.get("/hmn/report/new/review/").content.decode()

    assert '<html lang="hmn">' in html
    assert "Blue mountain bike" in html


def test_abandoned_uploads_are_cleaned_up(screened):
    screened.post("/report/new/files/", {"files": [upload("old.jpg")], "action": "upload"})
    PendingUpload.objects.update(active_at=timezone.now() - timedelta(days=2))
    name = PendingUpload.objects.get().original.name

    call_command("clean_pending_uploads")

    assert not PendingUpload.objects.exists()
    assert not PendingUpload._meta.get_field("original").storage.exists(name)


def test_the_review_page_costs_a_constant_number_of_queries(ready_to_submit, django_assert_max_num_queries):
    # The session (read and saved), the draft's files, the footer's offices, the address typed
    # matched against the City's list, and the content version the page cache reads at most
    # every two seconds (here, in a fresh cache).
    with django_assert_max_num_queries(8):
        assert ready_to_submit.get("/report/new/review/").status_code == 200


def test_after_the_review_a_change_can_go_straight_back_to_it(ready_to_submit):
    ready_to_submit.get("/report/new/review/")
    assert "Save and go to the review" in ready_to_submit.get("/report/new/what/").content.decode()

    response = post_step(ready_to_submit, "what", {**WHAT, "address": "1 Main St"}, action="review")

    assert response.url == "/report/new/review/"
    # Another address is checked against the City's list before the review shows it.
    assert ready_to_submit.get(response.url).url == "/report/new/address/"
    post_step(ready_to_submit, "address", ADDRESS, action="review")
    assert "1 Main St" in ready_to_submit.get("/report/new/review/").content.decode()


def test_the_shortcut_to_the_review_is_offered_only_once_the_review_was_reached(ready_to_submit):
    assert "Save and go to the review" not in ready_to_submit.get("/report/new/what/").content.decode()


def test_a_post_without_the_csrf_token_is_refused():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/report/screening/", SCREENING_CLEAR)

    assert response.status_code == 403
    assert not ScreeningExit.objects.exists()


def test_a_tampered_item_count_is_not_an_error_page(screened):
    post_step(screened, "what", WHAT)

    response = post_step(screened, "items", {**ITEMS, "items-TOTAL_FORMS": "lots"})

    assert response.status_code == 200
    assert "Add at least one item that was stolen." in response.content.decode()

"""The report page leads with the report's state and the actions valid in it; the rest sit under
"More actions"; actions a state does not allow are neither offered nor carried out."""

import re

import pytest
from django.core import mail

from reporting.models import AccessRecord, HistoryEntry, Message, MessageTemplate, Report
from tests.factories import make_reason, make_report, make_report_in
from tests.publicsite.conftest import assert_valid_html
from tests.reporting.staff.admin_pages import act, page_url

pytestmark = pytest.mark.django_db
Status = Report.Status

EVERY_ACTION = [
    "accept",
    "request_info",
    "refer",
    "decline",
    "record_answer",
    "close",
    "reopen",
    "message",
    "assign",
    "visit",
    "correct",
    "match_address",
    "note",
    "evidence",
    "custody",
]
# What a Supervisor (who may do everything) is offered first, and under "More actions", per status.
NEXT_STEPS = {
    Status.SUBMITTED: ["accept", "request_info", "refer", "decline"],
    Status.NEEDS_INFO: ["record_answer"],
    Status.ACCEPTED: ["close"],
    Status.CLOSED: ["reopen"],
}
MORE = {
    Status.SUBMITTED: [
        "close",
        "message",
        "assign",
        "book",
        "visit",
        "call",
        "correct",
        "match_address",
        "note",
        "evidence",
        "custody",
    ],
    Status.NEEDS_INFO: [
        "accept",
        "refer",
        "decline",
        "close",
        "message",
        "assign",
        "book",
        "visit",
        "call",
        "correct",
        "match_address",
        "note",
        "evidence",
        "custody",
    ],
    Status.ACCEPTED: [
        "request_info",
        "message",
        "assign",
        "book",
        "visit",
        "call",
        "correct",
        "match_address",
        "note",
        "evidence",
        "custody",
    ],
    Status.CLOSED: ["message", "correct", "match_address", "note", "evidence", "custody"],
}


def offered(html: str, part: str) -> list[str]:
    """The actions whose buttons are in one part of the page: "next" or "more"."""
    if part == "next":
        match = re.search(r'<section class="reporting-next".*?</section>', html, re.S)
    else:
        match = re.search(r'<details class="module reporting-more".*?</details>', html, re.S)
    return re.findall(r'name="action" value="([a-z_]+)"', match.group(0)) if match else []


@pytest.mark.parametrize("status", list(NEXT_STEPS))
def test_the_page_offers_the_actions_of_the_reports_state_first_and_the_others_under_more(status, supervisor):
    report = make_report_in(status, supervisor.user)

    html = supervisor.get(page_url(report)).content.decode()

    assert offered(html, "next") == NEXT_STEPS[status]
    assert offered(html, "more") == MORE[status]
    assert "<summary>More actions</summary>" in html


def test_the_page_says_the_state_in_words_and_what_the_resident_asked_for(report_taker):
    report = make_report_in(Status.SUBMITTED, report_taker.user)

    html = report_taker.get(page_url(report)).content.decode()

    assert "New: waiting for a first review." in html
    assert "The resident asked for" in html
    assert "<strong>A phone call</strong>: 612-555-0100" in html


def test_a_report_taker_is_not_offered_reopen_even_on_a_closed_report(report_taker):
    report = make_report_in(Status.CLOSED, report_taker.user)

    html = report_taker.get(page_url(report)).content.decode()

    assert offered(html, "next") == []
    assert "reopen" not in offered(html, "more")
    # With nothing to do first, the other actions are shown open.
    assert '<details class="module reporting-more" open>' in html


@pytest.mark.parametrize(
    ("status", "action", "fields"),
    [
        (Status.ACCEPTED, "accept", {}),
        (Status.NEEDS_INFO, "request_info", {"body": "Again?"}),
        (Status.ACCEPTED, "refer", {}),
        (Status.SUBMITTED, "record_answer", {"body": "It was blue."}),
        (Status.CLOSED, "close", {}),
        (Status.SUBMITTED, "reopen", {}),
        (Status.CLOSED, "assign", {"assignee": ""}),
        (Status.CLOSED, "visit", {}),
    ],
)
def test_an_action_its_state_does_not_allow_is_refused_with_a_message_and_changes_nothing(
    status, action, fields, supervisor
):
    report = make_report_in(status, supervisor.user)
    history = report.history.count()

    response = act(supervisor, report, action, **fields)

    assert response.status_code == 200
    assert "so that cannot be done now" in response.content.decode()
    report.refresh_from_db()
    assert report.status == status
    assert report.history.count() == history
    # The page was shown again with the resident's data on it: that is recorded too.
    assert AccessRecord.objects.filter(report=report, kind=AccessRecord.Kind.REPORT_PAGE).exists()


@pytest.mark.parametrize("action", EVERY_ACTION)
def test_anonymous_visitors_are_sent_to_sign_in_for_every_action(action, anonymous, report):
    response = act(anonymous, report, action)

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert report.history.count() == 1


@pytest.mark.parametrize("persona", ["opi_staff", "staff_without_group"])
@pytest.mark.parametrize("action", EVERY_ACTION)
def test_staff_outside_reporting_cannot_take_any_action(persona, action, request, report):
    client = request.getfixturevalue(persona)

    response = act(client, report, action, body="Hello", note="", text="A note")

    assert response.status_code == 403
    assert report.history.count() == 1
    assert not Message.objects.exists()


def test_an_unknown_action_is_refused(report_taker, report):
    assert act(report_taker, report, "delete").status_code == 403


def test_staff_record_an_answer_given_by_phone_and_the_report_returns_for_review(report_taker):
    report = make_report_in(Status.NEEDS_INFO, report_taker.user)

    response = act(report_taker, report, "record_answer", body="The rack by the library.")

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert report.info_requested_until is None
    answer = report.messages.get(direction=Message.Direction.FROM_RESIDENT)
    assert answer.body == "The rack by the library."
    entry = report.history.get(kind=HistoryEntry.Kind.STATUS, to_status=Status.SUBMITTED)
    assert entry.actor == report_taker.user


def test_an_empty_answer_is_refused_on_the_form(report_taker):
    report = make_report_in(Status.NEEDS_INFO, report_taker.user)

    response = act(report_taker, report, "record_answer", body="")

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.NEEDS_INFO


def test_a_typed_message_is_previewed_as_the_resident_will_receive_it_and_nothing_is_sent(
    report_taker, report
):
    response = report_taker.post(
        page_url(report),
        {"preview": "message", "message-body": "We found your bike.", "message-template": ""},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "What the resident will receive" in html
    assert "Hello," in html
    assert f"A City staff member wrote to you about your report {report.reference}:" in html
    # What was typed is still in the form, ready to send; the form is shown open.
    assert "We found your bike.</textarea>" in html
    assert '<details class="module reporting-more" open>' in html
    assert not report.messages.exists()
    assert mail.outbox == []


def test_a_request_for_information_is_previewed_in_the_residents_language_with_its_deadline(report_taker):
    report, _token = make_report(language="es")
    template = MessageTemplate.objects.create(
        name="Serial", purpose="info_request", body_en="Serial number?", body_es="¿Número de serie?"
    )

    response = report_taker.post(
        page_url(report),
        {"preview": "request_info", "request_info-template": template.pk, "request_info-body": ""},
    )

    html = response.content.decode()
    assert "¿Número de serie?" in html
    assert "Hola" in html
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_a_referral_is_previewed_with_the_reason_the_resident_will_read(report_taker, report):
    reason = make_reason(action="refer", label="Belongs with 311", explanation="Call 311 about this.")

    response = report_taker.post(
        page_url(report), {"preview": "refer", "refer-reason": reason.pk, "refer-note": "Sorry for the wait."}
    )

    html = response.content.decode()
    assert "Belongs with 311: Call 311 about this." in html
    assert "Sorry for the wait." in html
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_a_preview_of_an_empty_message_shows_the_forms_error_instead(report_taker, report):
    response = report_taker.post(page_url(report), {"preview": "message", "message-body": ""})

    html = response.content.decode()
    assert "Write a message or choose a template." in html
    assert "What the resident will receive" not in html


def test_actions_without_a_message_to_the_resident_have_no_preview_button(report_taker, report):
    html = report_taker.get(page_url(report)).content.decode()

    previews = re.findall(r'name="preview" value="([a-z_]+)"', html)
    assert previews == ["request_info", "refer", "decline", "message"]


def test_a_preview_posted_for_an_action_without_a_message_does_not_carry_it_out(report_taker, report):
    response = report_taker.post(page_url(report), {"preview": "accept"})

    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


@pytest.mark.parametrize("status", list(NEXT_STEPS))
def test_the_page_is_valid_html_in_every_state_and_with_a_preview(status, supervisor):
    report = make_report_in(status, supervisor.user)

    assert_valid_html(supervisor.get(page_url(report)))
    assert_valid_html(supervisor.post(page_url(report), {"preview": "message", "message-body": "Hello"}))

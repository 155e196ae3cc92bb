"""Nothing a resident typed is lost: Enter saves and continues on every step, a removed item can
be put back, a step sent after the draft expired is kept and shown, a second press of Submit
shows the report already made, and the visit email names a box the status page has."""

import datetime

import html5lib
import pytest
from django.utils import timezone

from accounts.roles import REPORT_TAKERS
from harness.answers import ABOUT, ITEMS, SCREENING_CLEAR, WHAT
from reporting import services
from reporting.draft import STEPS
from reporting.models import Report
from tests.factories import make_report, make_staff, open_report

pytestmark = pytest.mark.django_db

TWO_ITEMS = {
    **ITEMS,
    "items-TOTAL_FORMS": "2",
    "items-1-kind": "electronics",
    "items-1-description": "Black laptop",
    "items-1-quantity": "1",
}


def _submit_buttons(html: str) -> list:
    """The submit buttons of the page's step form, in tree order: the first is what Enter presses."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    form = next(form for form in tree.iter("form") if form.find(".//button[@value='next']") is not None)
    return [button for button in form.iter("button") if button.get("type", "submit") == "submit"]


@pytest.mark.parametrize("step", [step.slug for step in STEPS])
def test_enter_on_any_step_presses_save_and_continue(ready_to_submit, step):
    # A resident who chose a visit, so the visit step is theirs too.
    visit = {**ABOUT, "follow_up": "visit", "phone": "612-555-0100", "action": "next"}
    ready_to_submit.post("/report/new/about/", visit)

    html = ready_to_submit.get(f"/report/new/{step}/").content.decode()

    first, *others = _submit_buttons(html)
    assert (first.get("name"), first.get("value")) == ("action", "next")
    assert first.get("tabindex") == "-1" and first.get("aria-hidden") == "true"
    assert "Save and continue" in [button.text for button in others]


def test_enter_on_the_items_step_saves_the_item_just_typed(screened):
    screened.post("/report/new/what/", {**WHAT, "action": "next"})
    # What a browser sends when Enter is pressed in the description: the first submit button.
    first = _submit_buttons(screened.get("/report/new/items/").content.decode())[0]

    response = screened.post("/report/new/items/", {**ITEMS, first.get("name"): first.get("value")})

    assert response.url == "/report/new/files/"
    assert "Blue mountain bike" in screened.get("/report/new/items/").content.decode()


def test_removing_an_item_keeps_the_others_and_can_be_undone(screened):
    screened.post("/report/new/what/", {**WHAT, "action": "next"})

    screened.post("/report/new/items/", {**TWO_ITEMS, "remove": "0"})
    html = screened.get("/report/new/items/").content.decode()
    assert 'value="Blue mountain bike"' not in html
    assert "Black laptop" in html
    assert "You removed Blue mountain bike." in html

    kept = {**ITEMS, "items-0-kind": "electronics", "items-0-description": "Black laptop, edited"}
    screened.post("/report/new/items/", {**kept, "items-0-brand": "", "restore": "1"})
    html = screened.get("/report/new/items/").content.decode()
    assert html.index('value="Blue mountain bike"') < html.index('value="Black laptop, edited"')
    assert 'value="WTU123456"' in html
    assert "You removed" not in html


def test_the_undo_is_offered_only_until_the_next_button(screened):
    screened.post("/report/new/what/", {**WHAT, "action": "next"})
    screened.post("/report/new/items/", {**TWO_ITEMS, "remove": "1"})

    screened.post("/report/new/items/", {**ITEMS, "action": "add"})

    assert "You removed" not in screened.get("/report/new/items/?more=1").content.decode()


def test_a_step_sent_after_the_draft_expired_is_shown_and_kept_for_the_next_draft(resident):
    about = {**ABOUT, "full_name": "Alex Kept", "language": "es", "action": "next"}

    response = resident.post("/report/new/about/", about)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Your unfinished report expired" in html
    assert "Alex Kept" in html and "Spanish" in html
    assert not Report.objects.exists()
    resident.post("/report/screening/", SCREENING_CLEAR)
    assert 'value="Alex Kept"' in resident.get("/report/new/about/").content.decode()


def test_items_sent_after_the_draft_expired_are_shown_by_their_words(resident):
    response = resident.post("/report/new/items/", {**ITEMS, "action": "next"})

    html = response.content.decode()
    assert "Item 1: Kind of item" in html
    assert "Bicycle or scooter" in html and "WTU123456" in html


def test_submit_with_no_draft_left_says_so_and_makes_nothing(resident):
    response = resident.post("/report/new/review/", {"acknowledge": "on"})

    assert response.status_code == 200
    assert "Your unfinished report expired" in response.content.decode()
    assert not Report.objects.exists()


def test_a_second_press_of_submit_shows_the_report_already_made(ready_to_submit):
    first = ready_to_submit.post("/report/new/review/", {"acknowledge": "on"})
    second = ready_to_submit.post("/report/new/review/", {"acknowledge": "on"})

    assert first.url == second.url == "/report/done/"
    assert Report.objects.count() == 1
    page = ready_to_submit.get("/report/done/").content.decode()
    assert "Your report was already sent. This is its receipt." in page
    assert Report.objects.get().reference in page


def test_the_review_sends_submit_only_once_in_a_browser_with_scripts(ready_to_submit):
    html = ready_to_submit.get("/report/new/review/").content.decode()

    assert "data-submit-once" in html
    assert "reporting/submit_once" in html


def test_the_visit_email_points_to_buttons_the_status_page_has(
    ready_to_submit, mailoutbox, django_capture_on_commit_callbacks
):
    resident = ready_to_submit
    resident.post("/report/new/review/", {"acknowledge": "on"})
    report = Report.objects.get()
    staff = make_staff(REPORT_TAKERS)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_visit(
            report,
            actor=staff,
            date=timezone.localdate() + datetime.timedelta(days=1),
            window_start=datetime.time(9),
            window_end=datetime.time(11),
            staff=staff,
            place="1 Main St",
        )

    assert "press “Change the time” or “Cancel this visit” on your status page" in mailoutbox[-1].body
    status = resident.get(f"/report/status/{report.reference}/").content.decode()
    assert ">Change the time<span" in status and ">Cancel this visit<span" in status


def _fields_a_browser_sends(html: str, field_name: str) -> dict:
    """The values the form holding `field_name` sends as it stands: each input's value, each
    select's selected option (or its first), each textarea's text."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    form = next(form for form in tree.iter("form") if form.find(f".//*[@name='{field_name}']") is not None)
    values = {}
    for field in form.iter("input"):
        if field.get("name") and field.get("type") not in ("file", "checkbox", "radio", "submit"):
            values[field.get("name")] = field.get("value", "")
    for field in form.iter("select"):
        options = list(field.iter("option"))
        chosen = next((option for option in options if option.get("selected") is not None), options[0])
        values[field.get("name")] = chosen.get("value", "")
    for field in form.iter("textarea"):
        values[field.get("name")] = field.text or ""
    return values


def test_a_note_added_alone_is_sent_and_the_blank_item_row_left_out(resident):
    report, _token = make_report()
    open_report(resident, report)
    address = f"/report/status/{report.reference}/add/"
    html = resident.get(address).content.decode()
    sent = _fields_a_browser_sends(html, "note")
    # Nothing in the blank row asks to be filled in before the resident may send a note.
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    assert [field.get("name") for field in tree.iter() if field.get("required") is not None] == []

    response = resident.post(address, {**sent, "note": "The lock was cut, not broken."})

    assert response.status_code == 302
    assert [message.body for message in report.messages.all()] == ["The lock was cut, not broken."]
    assert not report.items.filter(added_later=True).exists()

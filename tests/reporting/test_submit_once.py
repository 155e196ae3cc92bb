"""A draft makes one report: Submit pressed twice, a retry after an outage, or two presses that
reach the server at the same moment."""

import threading

import pytest
from django.db import connection
from django.test import Client

from harness.answers import SCREENING_CLEAR
from reporting import services
from reporting.draft import Draft
from reporting.models import Attachment, Report
from tests.factories import make_report
from tests.reporting.conftest import fill_in_every_step, upload


def _reference_shown(response) -> str:
    html = response.content.decode()
    return html.split('class="site-reference">', 1)[1].split("<", 1)[0]


def _at_the_same_moment(*calls) -> list:
    """Run each call on its own thread (so its own database connection), all let go at once."""
    start = threading.Barrier(len(calls))
    results = []

    def run(call):
        start.wait()
        try:
            results.append(call())
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_pressing_submit_twice_makes_one_report_and_shows_the_same_confirmation(ready_to_submit):
    first = ready_to_submit.post("/report/new/review/", {"acknowledge": "on"}, follow=True)
    second = ready_to_submit.post("/report/new/review/", {"acknowledge": "on"}, follow=True)

    report = Report.objects.get()
    assert _reference_shown(first) == _reference_shown(second) == report.reference
    assert second.redirect_chain[-1][0] == "/report/done/"


def test_a_retry_after_an_outage_finds_the_report_already_made(ready_to_submit):
    # The first press saved the report, but the answer never reached the browser, which still
    # holds the draft and sends it again.
    ready_to_submit.post("/report/new/files/", {"files": [upload("bike.jpg")], "action": "next"})
    draft = Draft(ready_to_submit.session)
    saved = services.submit_report(
        fields={**draft.report_fields(), "false_report_acknowledged": True},
        items=draft.items(),
        uploads=list(draft.uploads()),
        draft_id=draft.id,
    )

    retry = ready_to_submit.post("/report/new/review/", {"acknowledge": "on"}, follow=True)

    assert Report.objects.get() == saved
    assert _reference_shown(retry) == saved.reference
    assert Attachment.objects.get().report == saved


@pytest.mark.django_db(transaction=True)
def test_two_presses_reaching_the_server_at_the_same_moment_make_one_report():
    browser = Client()
    browser.post("/report/screening/", SCREENING_CLEAR)
    fill_in_every_step(browser)
    # A double click: two connections carrying the same session cookie.
    presses = [Client(), Client()]
    for press in presses:
        press.cookies["sessionid"] = browser.cookies["sessionid"].value

    answers = _at_the_same_moment(
        *[lambda press=press: press.post("/report/new/review/", {"acknowledge": "on"}) for press in presses]
    )

    assert Report.objects.count() == 1
    assert [answer.status_code for answer in answers] == [302, 302]
    assert "/report/done/" in [answer["Location"] for answer in answers]


@pytest.mark.django_db
def test_a_second_press_arriving_after_the_first_was_answered_goes_to_the_receipt_too():
    browser = Client()
    browser.post("/report/screening/", SCREENING_CLEAR)
    fill_in_every_step(browser)
    # The second press left with the cookie the first press's answer then replaced.
    late = Client()
    late.cookies["sessionid"] = browser.cookies["sessionid"].value

    first = browser.post("/report/new/review/", {"acknowledge": "on"})
    second = late.post("/report/new/review/", {"acknowledge": "on"})

    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == "/report/done/"
    assert Report.objects.count() == 1
    # The browser shows the receipt with its new cookie; the old one opens nothing.
    assert browser.get("/report/done/").status_code == 200
    assert late.get("/report/done/")["Location"] == "/report/"


@pytest.mark.django_db(transaction=True)
def test_one_draft_submitted_on_two_connections_at_once_is_saved_once():
    made = _at_the_same_moment(
        lambda: make_report(draft_id="d" * 32)[0], lambda: make_report(draft_id="d" * 32)[0]
    )

    assert Report.objects.count() == 1
    assert made[0] == made[1] == Report.objects.get()


def test_reports_without_a_draft_are_each_saved(db):
    make_report()
    make_report()

    assert Report.objects.filter(draft_id="").count() == 2

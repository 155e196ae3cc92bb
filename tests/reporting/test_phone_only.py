"""A resident with a phone and no email address: they file with a phone number, their receipt
gives a reference number and a PIN, and the two open their report on any browser, within the
look-up's limits. Staff see that they must call."""

import re

import pytest
from django.contrib.auth.hashers import check_password
from django.test import Client

from core import ratelimit
from harness.answers import ABOUT
from reporting import pins, retention, services
from reporting.draft import Draft
from reporting.models import Report, ReportPin
from tests.factories import make_report
from tests.publicsite.conftest import assert_valid_html
from tests.reporting.conftest import fill_in_every_step

pytestmark = pytest.mark.django_db

PHONE_ONLY = {**ABOUT, "email": "", "phone": "(612) 555-0123", "follow_up": "phone"}
PIN_ON_RECEIPT = re.compile(r'<dt>PIN</dt><dd><strong class="site-reference">(\d{3} \d{3} \d{4})</strong>')
PIN = "2749130586"


def _submit(client, about=PHONE_ONLY):
    fill_in_every_step(client, about=about)
    response = client.post("/report/new/review/", {"acknowledge": "on"})
    assert response.url == "/report/done/", response.content.decode()
    return Report.objects.get()


def _about(client, **changes):
    return client.post("/report/new/about/", {**ABOUT, **changes, "action": "next"})


def _pin_lookup(client, reference, pin):
    return client.post("/report/status/pin/", {"pin-reference": reference, "pin-pin": pin})


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", "Give an email address or a phone number, so we can reach you."),
        ("/es", "Dé un correo electrónico o un número de teléfono, para que podamos comunicarnos con usted."),
        ("/so", "Bixi cinwaan iimayl ama lambar taleefan, si aan kuula soo xiriirno."),
        ("/hmn", "Muab ib qho email lossis ib tus xov tooj, kom peb thiaj tiv tauj tau koj."),
    ],
)
def test_the_about_step_asks_for_an_email_or_a_phone_in_the_residents_language(screened, prefix, message):
    response = screened.post(f"{prefix}/report/new/about/", {**ABOUT, "email": "", "action": "next"})

    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("(612) 555-0123", "+16125550123"),
        ("612.555.0123", "+16125550123"),
        ("+1 612 555 0123", "+16125550123"),
        ("1-612-555-0123", "+16125550123"),
        ("+252 61 555 0123", "+252615550123"),
    ],
)
def test_a_phone_number_is_kept_in_one_form_whatever_way_it_was_typed(screened, typed, stored):
    report = _submit(screened, {**PHONE_ONLY, "phone": typed})

    assert report.phone == stored


@pytest.mark.parametrize(
    "typed", ["555-0123", "012-555-0123", "612-155-0123", "call me", "+12", "612-555-0123 x4"]
)
def test_a_phone_number_that_cannot_be_dialled_is_refused_and_kept_as_typed(screened, typed):
    response = _about(screened, email="", phone=typed)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a phone number like 612-555-0123, or an international number starting with +." in html
    assert f'value="{typed}"' in html


def test_a_phone_only_receipt_gives_the_reference_and_a_pin_kept_only_as_a_hash(screened):
    report = _submit(screened)

    response = screened.get("/report/done/")
    html = assert_valid_html(response)
    [pin] = PIN_ON_RECEIPT.findall(html)
    assert report.reference in html
    assert "Your receipt" in html
    assert "We will call you at (612) 555-0123" in html
    assert 'media="print"' in html
    assert response["Cache-Control"].count("no-store") == 1
    stored = ReportPin.objects.get(report=report)
    digits = pin.replace(" ", "")
    assert digits not in stored.pin_hash and check_password(digits, stored.pin_hash)


def test_a_resident_cannot_choose_their_pin(screened):
    report = _submit(screened, {**PHONE_ONLY, "pin": "121212"})

    assert "121212" not in screened.get("/report/done/").content.decode()
    assert not check_password("121212", report.pin.pin_hash)


def test_the_pin_is_never_shown_again_after_the_receipt(screened):
    report = _submit(screened)
    pin = PIN_ON_RECEIPT.findall(screened.get("/report/done/").content.decode())[0]

    assert pin not in screened.get(f"/report/status/{report.reference}/").content.decode()
    screened.post("/report/status/sign-out/")
    assert screened.get("/report/done/").url == "/report/"
    other = Client()
    _pin_lookup(other, report.reference, pin)
    assert pin not in other.get(f"/report/status/{report.reference}/").content.decode()


def test_a_resident_with_an_email_gets_the_emailed_link_and_no_pin(screened):
    report = _submit(screened, ABOUT)

    html = screened.get("/report/done/").content.decode()
    assert "We sent it to alex@example.org" in html
    assert PIN_ON_RECEIPT.search(html) is None
    assert not ReportPin.objects.filter(report=report).exists()


def test_the_reference_and_pin_let_another_browser_in_like_an_emailed_link(resident):
    report, _token = make_report(email="", phone="+16125550123", pin=PIN)
    resident.get("/report/status/")
    before = resident.session.session_key

    response = _pin_lookup(resident, report.reference.lower(), "274-913-0586")

    assert response.status_code == 302
    assert response.url == f"/report/status/{report.reference}/"
    assert "no-store" in response["Cache-Control"]
    assert resident.session.session_key != before
    page = resident.get(response.url)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "look up your report again with its reference number and your PIN" in page.content.decode()


def test_a_wrong_pin_and_an_unknown_reference_get_the_same_answer(resident):
    report, _token = make_report(email="", phone="+16125550123", pin=PIN)

    wrong = _pin_lookup(resident, report.reference, "9999999998")
    unknown = _pin_lookup(resident, "R-2026-999999-AAAAA", PIN)

    assert wrong.status_code == unknown.status_code == 200
    assert "This reference number and PIN do not open a report." in wrong.content.decode()
    assert _without_csrf(wrong).replace(report.reference, "R-2026-999999-AAAAA") == _without_csrf(unknown)
    assert resident.get(f"/report/status/{report.reference}/").url == "/report/status/"


def _without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_an_email_report_cannot_be_opened_with_a_pin(resident):
    report, _token = make_report(pin=PIN)

    _pin_lookup(resident, report.reference, PIN)

    assert resident.get(f"/report/status/{report.reference}/").url == "/report/status/"


def test_pin_lookups_are_rate_limited_per_client(resident, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "pin", (2, 3600))
    report, _token = make_report(email="", phone="+16125550123", pin=PIN)
    _pin_lookup(resident, report.reference, "9999999998")
    _pin_lookup(resident, report.reference, "9999999997")

    response = _pin_lookup(resident, report.reference, PIN)

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"


def test_a_pin_that_is_not_ten_digits_is_explained_without_a_try(resident):
    report, _token = make_report(email="", phone="+16125550123", pin=PIN)

    response = _pin_lookup(resident, report.reference, "2749")

    assert "A PIN is the 10 digits on your receipt." in response.content.decode()
    assert ReportPin.objects.get(report=report).failures == 0


def test_the_look_up_page_offers_both_ways_and_is_valid_html(resident):
    html = assert_valid_html(resident.get("/report/status/"))

    assert "Email me a link" in html
    assert "With the PIN on your receipt" in html


def test_staff_see_that_a_phone_only_resident_must_be_called(report_taker):
    phone_only, _token = make_report(email="", phone="+16125550123")
    emailed, _token = make_report(phone="+16125550199")

    html = report_taker.get(f"/admin/reporting/report/{phone_only.pk}/change/").content.decode()
    assert "Call the resident at (612) 555-0123." in html
    assert 'href="tel:+16125550123"' in html
    other = report_taker.get(f"/admin/reporting/report/{emailed.pk}/change/").content.decode()
    assert "Call the resident at" not in other


def test_the_retention_schedule_removes_the_pin_with_the_phone_number(supervisor):
    report, _token = make_report(email="", phone="+16125550123", pin=PIN)
    services.close(report, actor=supervisor.user)

    retention.anonymise_report(report)

    report.refresh_from_db()
    assert report.phone == ""
    assert not ReportPin.objects.filter(report=report).exists()
    assert pins.open_with_pin(report.reference, PIN, "client") is None


def test_a_phone_only_retry_after_an_outage_shows_the_pin_the_report_was_saved_with(screened):
    # The first press saved the report, but its answer (and the session that held the receipt)
    # never came back; the browser sends the same draft again.
    fill_in_every_step(screened, about=PHONE_ONLY)
    draft = Draft(screened.session)
    services.submit_report(
        fields={**draft.report_fields(), "false_report_acknowledged": True},
        items=draft.items(),
        pin=draft.receipt_pin(),
        draft_id=draft.id,
    )

    screened.post("/report/new/review/", {"acknowledge": "on"})
    [pin] = PIN_ON_RECEIPT.findall(screened.get("/report/done/").content.decode())
    pin = pin.replace(" ", "")

    report = Report.objects.get()
    assert check_password(pin, ReportPin.objects.get(report=report).pin_hash)
    assert _pin_lookup(Client(), report.reference, pin).url == f"/report/status/{report.reference}/"

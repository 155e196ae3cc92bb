"""The PIN of a report without an email address, built like a bank's one-time code: drawn by the
City, spent after 10 wrong tries from anywhere, expired on a schedule, given again by staff only
in ways that reach the resident, and every PIN given and wrong try recorded."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reporting import emails, pins, services, sms
from reporting.models import PinIssue, Report, ReportPin, WrongPin
from reporting.models.reports import REFERENCE_ALPHABET
from tests.factories import make_report
from tests.reporting.staff.test_staff_reports import PHONE_REPORT

pytestmark = pytest.mark.django_db

PIN = "2749130586"
GIVEN = re.compile(r'<p class="reporting-pin"><strong>(\d{3} \d{3} \d{4})</strong></p>')


def _phone_only(**overrides):
    report, _token = make_report(**{"email": "", "phone": "+16125550123", "pin": PIN, **overrides})
    return report


def _try(reference, pin, address="203.0.113.7", client=None):
    return (client or Client(REMOTE_ADDR=address)).post(
        "/report/status/pin/", {"pin-reference": reference, "pin-pin": pin}
    )


def _opens(reference, pin, client=None) -> bool:
    response = _try(reference, pin, client=client)
    return response.status_code == 302 and response.url == f"/report/status/{reference}/"


def test_thirty_clients_share_one_cap_of_ten_wrong_tries_then_the_pin_is_spent():
    report = _phone_only()

    for number in range(30):
        response = _try(report.reference, f"{number:010d}", address=f"198.51.100.{number + 1}")
        assert response.status_code == 200

    assert ReportPin.objects.get(report=report).failures == ReportPin.WRONG_TRIES_LIMIT
    assert WrongPin.objects.filter(report=report).count() == 30
    refused = _try(report.reference, PIN, address="192.0.2.1")
    assert refused.status_code == 200
    assert "After 10 wrong tries in all, or once it has expired, a PIN stops working: call 311" in (
        refused.content.decode()
    )


def test_a_resident_who_makes_two_typos_still_gets_in():
    report = _phone_only()
    resident = Client()

    assert not _opens(report.reference, "2749130568", client=resident)
    assert not _opens(report.reference, "274 913 058", client=resident)  # a digit short: no try
    assert not _opens(report.reference, "2479130586", client=resident)

    assert _opens(report.reference, "274-913-0586", client=resident)
    assert ReportPin.objects.get(report=report).failures == 2


def test_the_pin_expires_some_days_after_the_report_reaches_a_final_status(settings, supervisor):
    report = _phone_only()
    services.close(report, actor=supervisor.user)
    assert _opens(report.reference, PIN)

    held = ReportPin.objects.select_related("report").get(report=report)
    later = timezone.now() + timedelta(days=settings.PIN_DAYS_AFTER_END, minutes=1)
    assert pins.expired(held, later)
    assert not pins.expired(held, timezone.now() + timedelta(days=settings.PIN_DAYS_AFTER_END - 1))


def test_the_pin_expires_some_days_after_it_was_given(settings):
    report = _phone_only()
    settings.PIN_MAX_DAYS = 90
    ReportPin.objects.filter(report=report).update(created_at=timezone.now() - timedelta(days=91))

    assert not _opens(report.reference, PIN)


def test_an_emailed_link_ends_the_pin_at_once():
    report = _phone_only()
    emails.new_access_link(report, emails.LOOKUP_LINK_LIFETIME)

    assert not _opens(report.reference, PIN)


def test_a_pin_from_before_keeps_working_with_six_digits():
    report = _phone_only(pin="274913")

    assert _opens(report.reference, "274 913")


def test_new_references_end_in_a_random_part_without_look_alike_characters_and_old_ones_still_open():
    report = _phone_only()
    assert re.fullmatch(rf"R-\d{{4}}-\d{{6}}-[{REFERENCE_ALPHABET}]{{5}}", report.reference)
    assert not set("0O1IL2Z5S8B6GQ") & set(report.reference.rsplit("-", 1)[1])

    Report.objects.filter(pk=report.pk).update(reference="R-2026-000123")
    assert _opens("R-2026-000123", PIN)


def test_staff_give_a_new_pin_on_a_call_back_on_a_page_never_stored_and_it_is_recorded(report_taker):
    report = _phone_only()
    url = reverse("admin:reporting_pinissue_add") + f"?report={report.pk}"
    form = report_taker.get(url).content.decode()
    assert "never read it out to someone who called in" in form

    response = report_taker.post(url, {"delivery": "call_back"}, follow=True)

    assert "no-store" in response["Cache-Control"]
    [given] = GIVEN.findall(response.content.decode())
    assert "Read it out now, on your call to (612) 555-0123." in response.content.decode()
    # Reloaded, the page neither shows the PIN again nor gives another.
    reloaded = report_taker.get(response.redirect_chain[-1][0]).content.decode()
    assert not GIVEN.search(reloaded)
    assert "This page showed the PIN once" in reloaded
    issue = PinIssue.objects.get(report=report, delivery="call_back")
    assert issue.issued_by == report_taker.user
    assert ReportPin.objects.get(report=report).failures == 0
    assert not _opens(report.reference, PIN)
    assert _opens(report.reference, given)


def test_staff_can_text_a_new_pin_that_the_worker_draws(report_taker, django_capture_on_commit_callbacks):
    report = _phone_only()
    sms.outbox.clear()
    url = reverse("admin:reporting_pinissue_add") + f"?report={report.pk}"

    with django_capture_on_commit_callbacks(execute=True):
        response = report_taker.post(url, {"delivery": "text"}, follow=True)

    assert "A text message with a new PIN is on its way to (612) 555-0123." in response.content.decode()
    [(number, body)] = sms.outbox
    texted = re.search(r"\d{3} \d{3} \d{4}", body).group()
    assert number == "+16125550123"
    assert "Alex" not in body and "350 S 5th St" not in body
    assert _opens(report.reference, texted)
    assert PinIssue.objects.filter(report=report, delivery="text", issued_by=report_taker.user).exists()


def test_a_new_pin_cannot_be_read_out_to_someone_who_rang_in_by_any_other_choice(report_taker):
    report = _phone_only()
    url = reverse("admin:reporting_pinissue_add") + f"?report={report.pk}"

    response = report_taker.post(url, {"delivery": "caller"})

    assert response.status_code == 200
    assert not GIVEN.search(response.content.decode())
    assert not PinIssue.objects.filter(issued_by=report_taker.user).exists()


def test_a_report_taken_in_person_without_email_gets_a_pin_shown_once(report_taker):
    response = report_taker.post(
        reverse("admin:reporting_report_add"), {**PHONE_REPORT, "channel": "in_person"}, follow=True
    )

    [given] = GIVEN.findall(response.content.decode())
    assert "no-store" in response["Cache-Control"]
    assert "Write it down with the reference number" in response.content.decode()
    # Reloaded, the page takes no second report and gives no second PIN.
    reloaded = report_taker.get(response.redirect_chain[-1][0]).content.decode()
    assert not GIVEN.search(reloaded)
    report = Report.objects.get()
    assert _opens(report.reference, given)
    assert PinIssue.objects.get(report=report).delivery == "in_person"


def test_a_report_taken_by_phone_says_plainly_when_no_pin_was_sent(report_taker, settings):
    settings.SMS_BACKEND = ""

    response = report_taker.post(reverse("admin:reporting_report_add"), PHONE_REPORT, follow=True)

    html = response.content.decode()
    assert "No PIN was sent: no text message service is configured." in html
    assert "Do not read a PIN out on this call. Call the resident back at (612) 555-0100" in html
    assert not ReportPin.objects.exists()


def test_a_report_taken_by_phone_gets_its_pin_by_text(report_taker, django_capture_on_commit_callbacks):
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = report_taker.post(reverse("admin:reporting_report_add"), PHONE_REPORT, follow=True)

    # The report's first PIN: nothing says it is new or replaces another.
    assert "A text message with the report's PIN is on its way" in response.content.decode()
    texted = [body for _number, body in sms.outbox if "PIN" in body and re.search(r"\d{3} \d{3} \d{4}", body)]
    assert len(texted) == 1
    # In the resident's Somali: "your PIN for report", with neither "new" nor "replaces".
    assert "PIN-kaaga warbixinta" in texted[0]
    assert "cusub" not in texted[0] and "beddelayaa" not in texted[0]
    assert _opens(Report.objects.get().reference, re.search(r"\d{3} \d{3} \d{4}", texted[0]).group())


def test_only_supervisors_see_the_wrong_tries(supervisor, report_taker):
    report = _phone_only()
    _try(report.reference, "0000000000")

    url = reverse("admin:reporting_wrongpin_changelist")
    assert report.reference in supervisor.get(url).content.decode()
    assert report_taker.get(url).status_code == 403


def test_wrong_tries_at_many_reports_tell_the_supervisors_once(
    supervisor, django_capture_on_commit_callbacks
):
    references = [_phone_only().reference for _report in range(pins.BURST_REFERENCES + 3)]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        for reference in references:
            _try(reference, "0000000000")

    notices = [message for message in mail.outbox if message.subject == "Wrong PINs tried at many reports"]
    assert len(notices) == 1
    assert notices[0].to == [supervisor.user.email]
    assert "/reporting/wrongpin/" in notices[0].body


def test_the_receipt_pin_leaves_the_session_store_once_shown(screened):
    from tests.reporting.test_phone_only import PHONE_ONLY, PIN_ON_RECEIPT, _submit

    _submit(screened, PHONE_ONLY)
    [pin] = PIN_ON_RECEIPT.findall(screened.get("/report/done/").content.decode())

    stored = Session.objects.get(session_key=screened.session.session_key).get_decoded()
    assert pin.replace(" ", "") not in str(stored)
    again = screened.get("/report/done/").content.decode()
    assert pin not in again
    assert "Your PIN was shown once, when you sent your report." in again


def test_access_to_a_report_ends_with_the_browser_and_after_half_an_hour_idle(resident, settings):
    report = _phone_only()
    assert _opens(report.reference, PIN, client=resident)
    assert resident.cookies["sessionid"]["expires"] == ""  # a cookie for this browser session only
    assert resident.get(f"/report/status/{report.reference}/").status_code == 200

    session = resident.session
    session["reporting_access_seen"] -= settings.RESIDENT_SESSION_IDLE_MINUTES * 60 + 1
    session.save()

    assert resident.get(f"/report/status/{report.reference}/").url == "/report/status/"


def test_the_review_page_is_never_stored(screened):
    from tests.reporting.conftest import fill_in_every_step

    fill_in_every_step(screened)

    assert "no-store" in screened.get("/report/new/review/")["Cache-Control"]


def test_only_report_takers_and_supervisors_give_new_pins(anonymous, opi_staff, supervisor):
    report = _phone_only()
    url = reverse("admin:reporting_pinissue_add") + f"?report={report.pk}"

    assert anonymous.get(url).status_code == 302
    assert opi_staff.get(url).status_code == 403
    assert opi_staff.post(url, {"delivery": "call_back"}).status_code == 403
    assert supervisor.get(url).status_code == 200
    assert not PinIssue.objects.exclude(delivery="receipt").exists()


def test_the_report_page_offers_a_new_pin_and_the_record_lists_who_gave_which(report_taker):
    report = _phone_only()
    page = report_taker.get(f"/admin/reporting/report/{report.pk}/change/").content.decode()
    assert f'href="/admin/reporting/pinissue/add/?report={report.pk}"' in page
    report_taker.post(f"/admin/reporting/pinissue/add/?report={report.pk}", {"delivery": "in_person"})

    listed = report_taker.get(reverse("admin:reporting_pinissue_changelist")).content.decode()
    assert "Given to the resident in person" in listed
    assert "On the receipt of the online form" in listed
    assert report_taker.get("/admin/reporting/pinissue/add/").status_code == 404


def test_a_reference_typed_with_spaces_or_without_dashes_opens_the_report():
    report = _phone_only()

    for typed in (report.reference.replace("-", " ").lower(), report.reference.replace("-", "")):
        response = _try(typed, PIN)
        assert (response.status_code, response.url) == (302, f"/report/status/{report.reference}/"), typed

"""Script, markup and SQL typed into any text of a report (by the resident or by staff) show as
text on the resident's pages and in the staff admin, go verbatim into plain-text emails without
reaching a header, and verbatim into CSV exports and the PDF copy."""

import csv
import datetime
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from accounts.roles import REPORT_TAKERS
from reporting import emails, services
from reporting.models import Item, Reason, Report
from tests.factories import make_reason, make_report, open_report
from tests.reporting.conftest import ABOUT, ITEMS, WHAT, fill_in_every_step
from tests.reporting.pdf_text import pdf_text
from tests.reporting.staff.admin_pages import changelist_url, page_url

pytestmark = pytest.mark.django_db

RAW_MARKUP = ["<script>alert(", "<img src=x", "<svg onload", "<b>"]
EMAIL_TEMPLATES = Path(emails.__file__).parent / "templates" / "reporting" / "email"
HEADER_BREAK = "\r\nBcc: victim@example.org\r\nSubject: injected"


def hostile(field: str, length: int = 5000) -> str:
    """Script, an attribute break and SQL, named for the field they were typed into and cut to
    the field's length (the name stays at the front, so cut values stay tellable apart)."""
    return (
        f"{field}: <b>bold</b><script>alert('{field}')</script>\"><img src=x onerror=alert(1)>"
        f"<svg onload=alert(1)>'; DROP TABLE reporting_report; --"
    )[:length]


def max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length or 5000


def for_field(model, field: str) -> str:
    return hostile(field, max_length(model, field))


def assert_shown_as_text(html: str, *values: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html, f"{raw!r} appears as markup"
    for shown in values:
        assert escape(shown) in html, f"{shown[:40]!r}… is not shown as text"


REPORT_TEXT = ["narrative", "address", "full_name", "phone", "home_address"]
ITEM_TEXT = ["description", "brand", "model", "serial_number"]


@pytest.fixture
def worked_on(django_capture_on_commit_callbacks, report_taker):
    """A report with hostile text in every field the resident or staff can type into, and the
    emails its workflow sent."""
    with django_capture_on_commit_callbacks(execute=True):
        return _work_on(report_taker.user)


def _work_on(staff) -> Report:
    report, _token = make_report(
        **{field: for_field(Report, field) for field in REPORT_TEXT},
        items=[{"kind": "bicycle", "quantity": 1, **{field: for_field(Item, field) for field in ITEM_TEXT}}],
    )
    services.request_info(report, actor=staff, body=hostile("info request"))
    services.answer_info_request(report, body=hostile("answer"))
    services.send_message(report, actor=staff, body=hostile("staff message"))
    report = services.accept(report, actor=staff)
    services.schedule_visit(
        report,
        actor=staff,
        date=timezone.localdate() + datetime.timedelta(days=1),
        window_start=datetime.time(10),
        window_end=datetime.time(11),
        staff=staff,
        place=hostile("visit place", 200),
    )
    evidence = services.log_evidence(
        report,
        actor=staff,
        kind="physical",
        description=hostile("evidence", 300),
        tag_number=hostile("tag", 50),
        storage_location=hostile("locker", 200),
    )
    services.transfer_custody(
        evidence, actor=staff, from_holder=hostile("from", 200), to_holder=hostile("to", 200)
    )
    services.add_note(report, actor=staff, text=hostile("staff note"))
    services.add_supplement(
        report,
        note=hostile("supplement"),
        items=[{"kind": "bag", "quantity": 1, "description": hostile("later item", 300)}],
    )
    return Report.objects.get(pk=report.pk)


def test_the_residents_status_page_shows_every_message_and_visit_as_text(resident, worked_on):
    open_report(resident, worked_on)

    response = resident.get(f"/report/status/{worked_on.reference}/")

    assert response.status_code == 200
    assert_shown_as_text(
        response.content.decode(),
        hostile("info request"),
        hostile("answer"),
        hostile("staff message"),
        hostile("supplement"),
        hostile("visit place", 200),
    )


def test_a_referral_reason_and_note_show_as_text_to_the_resident(resident, report_taker):
    report, _token = make_report()
    reason = make_reason(
        label=hostile("reason", 150),
        explanation=hostile("explanation"),
        destination_details=hostile("details", max_length(Reason, "destination_details")),
    )
    services.refer(report, actor=report_taker.user, reason=reason, note=hostile("referral note"))
    open_report(resident, report)

    html = resident.get(f"/report/status/{report.reference}/").content.decode()

    assert_shown_as_text(html, hostile("explanation"))


def test_the_add_information_page_shows_what_was_typed_back_as_text(resident):
    report, _token = make_report()
    open_report(resident, report)

    response = resident.post(
        f"/report/status/{report.reference}/add/",
        {
            "note": hostile("note"),
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-kind": "not-a-kind",
            "items-0-description": hostile("item", 300),
            "items-0-quantity": "1",
        },
    )

    assert response.status_code == 200
    assert_shown_as_text(response.content.decode(), hostile("note"), hostile("item", 300))


def test_the_review_page_shows_every_answer_as_text(screened):
    what = {**WHAT, "narrative": hostile("narrative"), "address": hostile("address", 200)}
    items = {
        **ITEMS,
        **{f"items-0-{field}": hostile(field, 100) for field in ["brand", "model", "serial_number"]},
    }
    about = {**ABOUT, "full_name": hostile("name", 150), "home_address": hostile("home", 200)}
    fill_in_every_step(screened, what=what, items=items, about=about)

    html = screened.get("/report/new/review/").content.decode()

    assert_shown_as_text(html, hostile("name", 150), hostile("home", 200))


def test_a_hostile_phone_number_is_refused_and_shown_back_as_typed_text(screened):
    response = screened.post("/report/new/about/", {**ABOUT, "phone": hostile("phone", 30), "action": "next"})

    assert response.status_code == 200
    assert "Enter a phone number like 612-555-0123" in response.content.decode()
    assert_shown_as_text(response.content.decode(), hostile("phone", 30))


def test_the_staff_queue_shows_names_as_text(report_taker, worked_on):
    response = report_taker.get(changelist_url())

    assert response.status_code == 200
    assert_shown_as_text(response.content.decode(), worked_on.full_name)


def test_the_staff_search_takes_hostile_words(report_taker, worked_on):
    response = report_taker.get(changelist_url(), {"q": "'; DROP TABLE reporting_report; --"})

    assert response.status_code == 200
    assert Report.objects.filter(pk=worked_on.pk).exists()
    assert "<script>" not in response.content.decode()


def test_the_staff_report_page_shows_every_field_as_text(report_taker, worked_on):
    response = report_taker.get(page_url(worked_on))

    assert response.status_code == 200
    assert_shown_as_text(
        response.content.decode(),
        *[getattr(worked_on, field) for field in REPORT_TEXT],
        *[for_field(Item, field) for field in ITEM_TEXT],
        hostile("later item", 300),
        hostile("info request"),
        hostile("answer"),
        hostile("staff message"),
        hostile("supplement"),
        hostile("visit place", 200),
        hostile("evidence", 300),
        hostile("tag", 50),
        hostile("locker", 200),
        hostile("from", 200),
        hostile("to", 200),
        hostile("staff note"),
    )


def test_emails_carry_typed_text_verbatim_as_plain_text_only(worked_on):
    emails = mail.outbox
    assert len(emails) >= 4, "the workflow sent too few emails"
    for email in emails:
        assert getattr(email, "alternatives", []) == []  # no HTML alternative to the text
        assert email.content_subtype == "plain"
        # To the resident, or the report takers' notice of the resident's answer.
        assert email.to == [worked_on.email] or set(email.to) <= report_takers_emails()
        assert "&lt;" not in email.body and "&#x27;" not in email.body
        assert "\n" not in email.subject and "<" not in email.subject
    bodies = "\n".join(email.body for email in emails)
    for text in (
        hostile("info request"),
        hostile("staff message"),
        hostile("visit place", 200),
    ):
        assert text in bodies
    # A report can be filed with anyone's address, so no email carries the name typed on it.
    assert worked_on.full_name not in bodies


def report_takers_emails() -> set[str]:
    return set(get_user_model().objects.filter(groups__name=REPORT_TAKERS).values_list("email", flat=True))


def test_a_name_cannot_add_mail_headers(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, _token = make_report(full_name="Alex" + HEADER_BREAK)

    [email] = mail.outbox
    headers = email.message().as_string().split("\n\n", 1)[0]
    assert "Bcc:" not in headers
    assert "injected" not in headers
    assert email.recipients() == [report.email]


def test_the_resident_form_refuses_a_line_break_in_the_email_address(screened):
    fill_in_every_step(screened)

    response = screened.post(
        "/report/new/about/", {**ABOUT, "email": "alex@example.org" + HEADER_BREAK, "action": "next"}
    )

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()


def export_rows(client, action, report):
    response = client.post(changelist_url(), {"action": action, "_selected_action": [report.pk]})
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_exports_carry_the_text_verbatim(supervisor):
    report, _token = make_report(**{field: for_field(Report, field) for field in REPORT_TEXT})

    [row] = export_rows(supervisor, "export_csv_with_personal_data", report)

    for field in REPORT_TEXT:
        if field in row:
            assert row[field] == getattr(report, field)
    assert row["full_name"] == report.full_name


@pytest.mark.parametrize(
    "template",
    sorted(path.name for path in EMAIL_TEMPLATES.glob("*_subject.txt")),
    ids=lambda name: name[:-12],
)
def test_email_subjects_are_plain_text_not_html(template):
    # A translation may hold an apostrophe (Somali writes many); a subject is never HTML-escaped.
    stand_in = SimpleNamespace(reference="R-'&<x>", case_number="C-'&<x>")

    subject = render_to_string(f"reporting/email/{template}", {"report": stand_in})

    assert not re.search(r"&(amp|lt|gt|quot|#x?[0-9a-fA-F]+);", subject)
    if "report." in (EMAIL_TEMPLATES / template).read_text():
        assert "R-'&<x>" in subject or "C-'&<x>" in subject


def test_the_pdf_copy_shows_every_typed_field_verbatim(resident, worked_on):
    open_report(resident, worked_on)

    response = resident.get(f"/report/status/{worked_on.reference}/copy/")

    assert response.status_code == 200
    # Narrow table cells wrap long words anywhere, so spaces are left out of the comparison.
    text = "".join(pdf_text(response.content).split())
    for typed in [
        *[getattr(worked_on, field) for field in ["narrative", "address", "full_name"]],
        *[for_field(Item, field) for field in ITEM_TEXT],
        hostile("later item", 300),
    ]:
        assert "".join(typed.split()) in text, typed[:40]

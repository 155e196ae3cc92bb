"""Staff correct the place, dates and items of a report, with a reason: the report then says the
corrected value everywhere, the resident's words stay beside it, the history keeps before and
after, and the resident is told."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from reporting import retention, services, sms
from reporting.models import AccessRecord, Correction, HistoryEntry, Report
from tests.factories import make_report
from tests.reporting.pdf_text import pdf_text
from tests.reporting.staff.admin_pages import act, page_url
from tests.reporting.test_status import follow_link

pytestmark = pytest.mark.django_db

WRONG_PLACE = "1234 Nowhere Blvd, Paris France"
RIGHT_PLACE = "1200 Nicollet Mall"
REASON = "The resident wrote where it really happened."


@pytest.fixture
def misplaced(report_taker):
    report, token = make_report(
        address=WRONG_PLACE,
        items=[{"kind": "bicycle", "description": "Blue bike", "serial_number": "WTU123", "value": 450}],
    )
    return services.accept(report, actor=report_taker.user), token


def as_posted(report, **changes) -> dict:
    """The correction form as the page fills it in, with these values changed."""
    item = report.items.get()
    fields = {
        "address": report.address,
        "place_type": report.place_type,
        "occurred_from": report.occurred_from.isoformat(),
        "occurred_to": "",
        f"item_{item.pk}_description": item.description,
        f"item_{item.pk}_brand": item.brand,
        f"item_{item.pk}_model": item.model,
        f"item_{item.pk}_serial_number": item.serial_number,
        f"item_{item.pk}_quantity": item.quantity,
        f"item_{item.pk}_value": item.value,
        "reason": REASON,
    }
    fields.update(changes)
    return fields


def correct(client, report, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return act(client, report, "correct", **as_posted(report, **changes))


@pytest.mark.parametrize("persona", ["report_taker", "supervisor"])
def test_report_takers_and_supervisors_correct_the_place_keeping_before_and_after(
    persona, request, misplaced, django_capture_on_commit_callbacks
):
    report, _token = misplaced
    client = request.getfixturevalue(persona)

    response = correct(client, report, django_capture_on_commit_callbacks, address=RIGHT_PLACE)

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.address == RIGHT_PLACE
    correction = Correction.objects.get()
    assert (correction.field, correction.before, correction.after, correction.reason) == (
        "address",
        WRONG_PLACE,
        RIGHT_PLACE,
        REASON,
    )
    assert correction.corrected_by == client.user
    entry = report.history.get(kind=HistoryEntry.Kind.CORRECTION)
    assert (entry.actor, entry.text) == (client.user, f"Where. {REASON}")
    # The resident's own account is never part of a correction.
    assert report.narrative == "My bike was taken from the rack."


@pytest.mark.parametrize("persona", ["opi_staff", "staff_without_group"])
def test_staff_outside_reporting_cannot_correct_a_report(persona, request, misplaced):
    report, _token = misplaced

    response = act(
        request.getfixturevalue(persona), report, "correct", **as_posted(report, address=RIGHT_PLACE)
    )

    assert response.status_code == 403
    report.refresh_from_db()
    assert report.address == WRONG_PLACE
    assert not Correction.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(anonymous, misplaced):
    report, _token = misplaced

    response = act(anonymous, report, "correct", **as_posted(report, address=RIGHT_PLACE))

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not Correction.objects.exists()


def test_the_resident_is_told_what_changed_and_why(
    report_taker, misplaced, django_capture_on_commit_callbacks
):
    report, _token = misplaced

    correct(report_taker, report, django_capture_on_commit_callbacks, address=RIGHT_PLACE)

    email = mail.outbox[-1]
    assert email.to == ["alex@example.org"]
    assert f"Your report {report.reference} was corrected" in email.subject
    assert f"Where: {WRONG_PLACE} → {RIGHT_PLACE}" in email.body
    assert REASON in email.body


def test_a_resident_without_email_is_told_by_text_without_the_place(
    report_taker, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    report, _token = make_report(email="", phone="+16125550123", pin="274913", address=WRONG_PLACE)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.ACCEPTED)

    with django_capture_on_commit_callbacks(execute=True):
        act(report_taker, report, "correct", **{**as_posted_without_items(report), "address": RIGHT_PLACE})

    number, body = sms.outbox[-1]
    assert number == "+16125550123"
    assert f"corrected your report {report.reference}" in body
    assert RIGHT_PLACE not in body


def as_posted_without_items(report) -> dict:
    return {
        "address": report.address,
        "place_type": report.place_type,
        "occurred_from": report.occurred_from.isoformat(),
        "occurred_to": "",
        "reason": REASON,
    }


def test_the_status_page_and_the_pdf_show_the_corrected_report_beside_what_was_written(
    report_taker, misplaced, django_capture_on_commit_callbacks
):
    report, token = misplaced
    correct(report_taker, report, django_capture_on_commit_callbacks, address=RIGHT_PLACE)
    resident = Client()

    page = follow_link(resident, token).content.decode()
    copy = pdf_text(resident.get(f"/report/status/{report.reference}/copy/").content)

    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"{RIGHT_PLACE} (Street, sidewalk or alley)" in page
    assert "Corrected by City staff" in page
    assert f"Corrected on {today}" in page
    assert WRONG_PLACE in page and REASON in page
    assert f"{RIGHT_PLACE} (Street, sidewalk or alley)" in copy
    assert f"Corrected on {today}" in copy
    assert WRONG_PLACE in copy


def test_items_and_dates_are_corrected_and_each_value_kept(
    report_taker, misplaced, django_capture_on_commit_callbacks
):
    report, _token = misplaced
    item = report.items.get()
    earlier = report.occurred_from - datetime.timedelta(days=1)

    correct(
        report_taker,
        report,
        django_capture_on_commit_callbacks,
        occurred_from=earlier.isoformat(),
        **{f"item_{item.pk}_serial_number": "WTU124", f"item_{item.pk}_value": "500.00"},
    )

    item.refresh_from_db()
    report.refresh_from_db()
    assert (item.serial_number, item.value, report.occurred_from) == ("WTU124", 500, earlier)
    assert set(Correction.objects.values_list("field", "before", "after")) == {
        ("occurred_from", (earlier + datetime.timedelta(days=1)).isoformat(), earlier.isoformat()),
        ("serial_number", "WTU123", "WTU124"),
        ("value", "450.00", "500.00"),
    }
    page = report_taker.get(page_url(report)).content.decode()
    assert "Item “Blue bike”: serial number" in page


def test_a_correction_that_changes_nothing_or_has_no_reason_is_refused_with_everything_kept(
    report_taker, misplaced
):
    report, _token = misplaced

    unchanged = act(report_taker, report, "correct", **as_posted(report))
    no_reason = act(report_taker, report, "correct", **as_posted(report, address=RIGHT_PLACE, reason=""))
    future = act(
        report_taker,
        report,
        "correct",
        **as_posted(report, occurred_from=(timezone.localdate() + datetime.timedelta(days=2)).isoformat()),
    )

    assert (
        "Nothing was corrected: change at least one value, then give the reason."
        in unchanged.content.decode()
    )
    assert RIGHT_PLACE in no_reason.content.decode()
    assert "The date cannot be in the future." in future.content.decode()
    assert not Correction.objects.exists()


def test_a_withdrawn_report_is_not_corrected(report_taker, report):
    services.withdraw(report)

    page = report_taker.get(page_url(report)).content.decode()
    response = act(
        report_taker, report, "correct", **{**as_posted_without_items(report), "address": RIGHT_PLACE}
    )

    assert "Correct the place, dates or items" not in page
    assert "so that cannot be done now" in response.content.decode()
    assert not Correction.objects.exists()


def test_each_view_of_the_corrected_report_is_recorded(
    report_taker, misplaced, django_capture_on_commit_callbacks
):
    report, _token = misplaced
    correct(report_taker, report, django_capture_on_commit_callbacks, address=RIGHT_PLACE)

    report_taker.get(page_url(report))
    report_taker.get(reverse("admin:reporting_report_copy", args=[report.pk]))

    kinds = list(
        AccessRecord.objects.filter(report=report, staff=report_taker.user).values_list("kind", flat=True)
    )
    assert kinds.count(AccessRecord.Kind.REPORT_PAGE) == 1
    assert kinds.count(AccessRecord.Kind.COPY) == 1


def test_retention_removes_corrected_places_with_the_addresses_and_everything_with_the_report(
    report_taker, misplaced, django_capture_on_commit_callbacks, settings
):
    report, _token = misplaced
    item = report.items.get()
    correct(
        report_taker,
        report,
        django_capture_on_commit_callbacks,
        address=RIGHT_PLACE,
        **{f"item_{item.pk}_serial_number": "WTU124"},
    )
    services.close(report, actor=report_taker.user)
    settings.RETENTION_ANONYMISE_CLOSED_DAYS = 0

    retention.apply_schedule()

    assert list(Correction.objects.values_list("field", flat=True)) == ["serial_number"]
    assert RIGHT_PLACE not in str(list(HistoryEntry.objects.values_list("text", flat=True)))
    declined, _token = make_report()
    Correction.objects.create(
        report=declined, field="address", before="a", after="b", reason="r", corrected_by=report_taker.user
    )
    retention.delete_report(declined)
    assert not Correction.objects.filter(report_id=declined.pk).exists()

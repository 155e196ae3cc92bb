from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reporting.models import CustodyTransfer, Evidence, HistoryEntry, Report
from tests.reporting.conftest import upload
from tests.reporting.staff.admin_pages import act

pytestmark = pytest.mark.django_db

ADD_URL = "admin:reporting_report_add"
PHONE_REPORT = {
    "channel": "phone",
    "kind": "damage",
    "occurred_from": "2026-01-05",
    "occurred_to": "",
    "address": "2700 E Lake St",
    "place_type": "business",
    "narrative": "Window broken overnight.",
    "full_name": "Pat Caller",
    "email": "",
    "phone": "612-555-0100",
    "home_address": "",
    "language": "so",
    "follow_up": "phone",
    "false_report_acknowledged": "on",
    "items-TOTAL_FORMS": "3",
    "items-INITIAL_FORMS": "0",
    "items-0-kind": "property",
    "items-0-description": "Front window",
    "items-0-quantity": "1",
    "items-0-value": "800",
    # The two rows left empty, as the browser posts them.
    "items-1-quantity": "1",
    "items-2-quantity": "1",
}


def test_anonymous_and_opi_staff_cannot_take_reports(anonymous, opi_staff):
    assert anonymous.get(reverse(ADD_URL)).status_code == 302
    assert opi_staff.get(reverse(ADD_URL)).status_code == 403
    assert opi_staff.post(reverse(ADD_URL), PHONE_REPORT).status_code == 403
    assert not Report.objects.exists()


def test_a_report_taken_by_phone_records_the_channel_and_the_staff_member(report_taker):
    response = report_taker.post(reverse(ADD_URL), PHONE_REPORT, follow=True)

    report = Report.objects.get()
    # Without an email address the page that follows says how the resident gets their PIN.
    assert response.status_code == 200
    assert "A text message with the report's PIN is on its way" in response.content.decode()
    assert (report.channel, report.taken_by) == ("phone", report_taker.user)
    assert report.reference.startswith("R-")
    assert [item.description for item in report.items.all()] == ["Front window"]
    assert report.history.get().actor == report_taker.user


def test_a_report_with_a_future_date_and_no_contact_is_refused_with_everything_kept(report_taker):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = report_taker.post(reverse(ADD_URL), {**PHONE_REPORT, "occurred_from": tomorrow, "phone": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "The date cannot be in the future." in page
    assert "Give an email address or a phone number." in page
    assert "Window broken overnight." in page
    assert "Front window" in page
    assert not Report.objects.exists()


def test_scheduling_a_visit_tells_the_resident(report_taker, report, django_capture_on_commit_callbacks):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        act(
            report_taker,
            report,
            "visit",
            date=tomorrow,
            window_start="10:00",
            window_end="12:00",
            staff=report_taker.user.pk,
            place="At the resident's home",
        )

    visit = report.visits.get()
    assert visit.staff == report_taker.user
    assert "At the resident's home" in mail.outbox[-1].body


def test_a_visit_that_ends_before_it_starts_is_refused(report_taker, report):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = act(
        report_taker,
        report,
        "visit",
        date=tomorrow,
        window_start="12:00",
        window_end="10:00",
        staff=report_taker.user.pk,
        place="Home",
    )

    assert "The visit window must end after it starts." in response.content.decode()
    assert not report.visits.exists()


def test_a_physical_item_is_logged_with_its_tag_and_its_chain_of_custody(report_taker, report):
    act(
        report_taker,
        report,
        "evidence",
        kind="physical",
        description="Cut lock",
        tag_number="T-100",
        storage_location="Locker 4",
    )
    evidence = Evidence.objects.get()
    act(
        report_taker,
        report,
        "custody",
        evidence=evidence.pk,
        from_holder="Officer A",
        to_holder="Property room",
        transferred_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        storage_location="Property room shelf 2",
    )

    evidence.refresh_from_db()
    transfer = CustodyTransfer.objects.get()
    assert (transfer.from_holder, transfer.to_holder, transfer.recorded_by) == (
        "Officer A",
        "Property room",
        report_taker.user,
    )
    assert evidence.storage_location == "Property room shelf 2"
    kinds = set(report.history.values_list("kind", flat=True))
    assert {HistoryEntry.Kind.EVIDENCE, HistoryEntry.Kind.CUSTODY} <= kinds


def test_a_physical_item_without_a_tag_is_refused_and_nothing_is_saved(report_taker, report):
    response = act(report_taker, report, "evidence", kind="physical", description="Cut lock")

    assert "A physical item needs a tag number and a storage place." in response.content.decode()
    assert 'value="Cut lock"' in response.content.decode()
    assert not Evidence.objects.exists()


def test_digital_evidence_keeps_the_file_with_its_hash(report_taker, report):
    act(
        report_taker,
        report,
        "evidence",
        kind="digital",
        description="Doorbell video still",
        files={"file": upload()},
    )

    evidence = Evidence.objects.get()
    assert len(evidence.sha256) == 64
    assert evidence.file.name.startswith("reporting/evidence/")


def test_digital_evidence_of_the_wrong_type_is_refused(report_taker, report):
    response = act(
        report_taker,
        report,
        "evidence",
        kind="digital",
        description="Video",
        files={"file": upload("clip.jpg", b"not really a jpeg")},
    )

    assert "is not a JPEG, PNG, HEIC or PDF file" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("total", ["abc", "", "100000"])
def test_a_tampered_item_count_gives_the_form_back_not_an_error(total, report_taker):
    response = report_taker.post(reverse(ADD_URL), {**PHONE_REPORT, "items-TOTAL_FORMS": total})

    assert response.status_code == 200
    assert "Window broken overnight." in response.content.decode()
    assert not Report.objects.exists()


def test_staff_ask_whether_the_report_may_be_passed_on_unticked_unless_the_resident_agrees(report_taker):
    form = report_taker.get(reverse(ADD_URL)).content.decode()
    assert 'name="handoff_consent"' in form

    report_taker.post(reverse(ADD_URL), PHONE_REPORT)
    report_taker.post(reverse(ADD_URL), {**PHONE_REPORT, "handoff_consent": "on"})

    assert list(Report.objects.order_by("pk").values_list("handoff_consent", flat=True)) == [False, True]

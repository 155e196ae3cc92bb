"""Rules the staff forms enforce are rules of the data too: one staff member is not booked for
two visits at once, and evidence does not change hands before it was collected."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import REPORT_TAKERS
from reporting import services
from reporting.models import CustodyTransfer, Evidence, Visit
from tests.factories import make_report, make_staff
from tests.reporting.staff.admin_pages import act
from tests.reporting.staff.test_staff_reports import ADD_URL, PHONE_REPORT

pytestmark = pytest.mark.django_db

DOUBLE_BOOKED = "This staff member already has a visit at that time. Choose another time or someone else."


def book(client, report, staff, start="10:00", end="12:00"):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    return act(
        client,
        report,
        "visit",
        date=tomorrow,
        window_start=start,
        window_end=end,
        staff=staff.pk,
        place="At the resident's home",
    )


def test_a_second_visit_for_one_staff_member_at_the_same_time_is_refused_in_the_form(report_taker, report):
    other_report, _token = make_report()
    book(report_taker, report, report_taker.user)

    response = book(report_taker, other_report, report_taker.user, start="11:00", end="13:00")

    page = response.content.decode()
    assert response.status_code == 200
    assert DOUBLE_BOOKED in page
    assert 'value="At the resident&#x27;s home"' in page
    assert not other_report.visits.exists()


def test_visits_that_only_touch_or_are_for_someone_else_are_booked(report_taker, report):
    colleague = make_staff(REPORT_TAKERS, username="colleague")
    book(report_taker, report, report_taker.user)

    book(report_taker, report, report_taker.user, start="12:00", end="13:00")
    book(report_taker, report, colleague, start="10:00", end="12:00")

    assert report.visits.count() == 3


def test_the_database_refuses_a_double_booking_the_form_did_not_see(report_taker, report):
    """Two staff members booking at the same moment: the second is told, not shown an error page."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    booking = {
        "actor": report_taker.user,
        "date": tomorrow,
        "staff": report_taker.user,
        "place": "Home",
    }
    services.schedule_visit(report, window_start=_time(9), window_end=_time(11), **booking)

    with pytest.raises(services.ReportingError) as refused:
        services.schedule_visit(report, window_start=_time(10), window_end=_time(12), **booking)
    assert refused.value.message == DOUBLE_BOOKED
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(
            report=report, date=tomorrow, window_start=_time(8), window_end=_time(10), staff=report_taker.user
        )


def _time(hour):
    return timezone.datetime(2000, 1, 1, hour).time()


@pytest.fixture
def tagged(report, report_taker):
    return services.log_evidence(
        report,
        actor=report_taker.user,
        kind=Evidence.Kind.PHYSICAL,
        description="Cut lock",
        tag_number="T-200",
        storage_location="Locker 4",
        collected_at=timezone.now() - timedelta(days=1),
    )


def test_a_custody_transfer_dated_before_the_item_was_collected_is_refused_in_the_form(
    report_taker, report, tagged
):
    two_days_ago = timezone.localtime() - timedelta(days=2)

    response = act(
        report_taker,
        report,
        "custody",
        evidence=tagged.pk,
        from_holder="Officer A",
        to_holder="Property room",
        transferred_at=two_days_ago.strftime("%Y-%m-%dT%H:%M"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "This item was collected at" in page
    assert "it cannot change hands before then." in page
    assert not CustodyTransfer.objects.exists()


def test_the_database_refuses_custody_before_collection_whoever_writes_it(report_taker, tagged):
    with pytest.raises(services.ReportingError):
        services.transfer_custody(
            tagged,
            actor=report_taker.user,
            from_holder="Officer A",
            to_holder="Property room",
            when=tagged.collected_at - timedelta(hours=1),
        )
    # The minute of collection itself is allowed: custody times are given to the minute.
    services.transfer_custody(
        tagged,
        actor=report_taker.user,
        from_holder="Officer A",
        to_holder="Property room",
        when=tagged.first_transfer_at,
    )
    # Nor can the item be said, afterwards, to have been collected after it changed hands.
    tagged.collected_at += timedelta(hours=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        tagged.save(update_fields=["collected_at"])
    assert CustodyTransfer.objects.count() == 1


def test_a_report_taken_for_a_phone_call_without_a_number_is_refused_with_a_message(report_taker):
    response = report_taker.post(
        reverse(ADD_URL), {**PHONE_REPORT, "phone": "", "email": "pat@example.org", "follow_up": "phone"}
    )

    assert response.status_code == 200
    assert "A phone call needs a phone number." in response.content.decode()
    assert not report_taker.user.reports_taken.exists()


def test_a_report_taken_for_a_visit_needs_an_address_or_a_number(report_taker):
    response = report_taker.post(
        reverse(ADD_URL), {**PHONE_REPORT, "phone": "", "email": "pat@example.org", "follow_up": "visit"}
    )

    assert response.status_code == 200
    assert "A visit needs a home address or a phone number." in response.content.decode()

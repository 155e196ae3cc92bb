"""Staff see whether a report's address matched the City's list (here the demo's made-up one),
correct the match on the report page with a line in its history, and filter the queue by ward,
neighborhood and unmatched addresses; the retention schedule clears the match with the address."""

import pytest

from reporting import retention, services
from reporting.models import AddressPoint, HistoryEntry
from tests.factories import make_report
from tests.reporting.staff.admin_pages import act, changelist_url, page_url

pytestmark = pytest.mark.django_db


def point(address: str) -> AddressPoint:
    return AddressPoint.objects.get(address=address)


@pytest.fixture
def unmatched(address_list):
    report, _token = make_report(address="1200 Nicolet Mall")
    return report


def test_the_report_page_flags_an_unmatched_address_and_offers_the_closest(report_taker, unmatched):
    html = report_taker.get(page_url(unmatched)).content.decode()

    assert "Not matched: the address is as the resident typed it." in html
    assert "1200 Nicollet Mall (Downtown West), ward 7" in html


def test_staff_match_the_address_and_the_history_keeps_before_and_after(report_taker, unmatched):
    response = act(report_taker, unmatched, "match_address", address_point=point("1200 Nicollet Mall").pk)

    assert response.status_code == 302
    unmatched.refresh_from_db()
    assert (unmatched.address, unmatched.address_point) == ("1200 Nicolet Mall", point("1200 Nicollet Mall"))
    entry = unmatched.history.get(kind=HistoryEntry.Kind.ADDRESS_MATCH)
    assert entry.actor == report_taker.user
    assert entry.text == "Address in the City's list: not matched, now ward 7, Downtown West."
    assert (
        "1200 Nicollet Mall: ward 7, Downtown West" in report_taker.get(page_url(unmatched)).content.decode()
    )


def test_staff_match_another_address_typed_as_the_list_has_it_or_none(report_taker, unmatched):
    act(report_taker, unmatched, "match_address", address_point="none", other="2800 E Lake St")
    unmatched.refresh_from_db()
    assert unmatched.address_point == point("2800 E Lake St")

    act(report_taker, unmatched, "match_address", address_point="none")
    unmatched.refresh_from_db()
    assert unmatched.address_point is None
    assert unmatched.history.filter(kind=HistoryEntry.Kind.ADDRESS_MATCH).count() == 2


def test_an_address_not_in_the_list_is_refused_on_the_form(report_taker, unmatched):
    response = act(report_taker, unmatched, "match_address", address_point="none", other="1 Nowhere Rd")

    assert "This address is not in the City&#x27;s list as typed." in response.content.decode()
    assert not unmatched.history.filter(kind=HistoryEntry.Kind.ADDRESS_MATCH).exists()


def test_staff_who_may_not_change_reports_cannot_match(opi_staff, unmatched):
    assert act(opi_staff, unmatched, "match_address", address_point="none").status_code == 403


def test_the_queue_filters_by_ward_neighborhood_and_unmatched(report_taker, unmatched):
    matched, _token = make_report(address="2800 E Lake St", address_point=point("2800 E Lake St"))

    def listed(**filters):
        response = report_taker.get(changelist_url(), filters)
        return {report.pk for report in response.context["cl"].result_list}

    assert listed(ward="9") == {matched.pk}
    assert listed(neighborhood="Powderhorn Park") == {matched.pk}
    assert listed(neighborhood="Downtown West") == set()
    assert listed(matched="no") == {unmatched.pk}
    assert listed(matched="yes") == {matched.pk}
    assert listed(ward="nine") == {matched.pk, unmatched.pk}
    html = report_taker.get(changelist_url()).content.decode()
    assert "Ward 10" in html and "Cedar Riverside" in html


def test_anonymising_a_report_clears_its_match_and_landmark(report_taker, address_list):
    report, _token = make_report(
        address="1200 Nicollet Mall", address_point=point("1200 Nicollet Mall"), place_note="By the library"
    )
    services.accept(report, actor=report_taker.user)
    services.close(report, actor=report_taker.user)

    retention.anonymise_report(report)

    report.refresh_from_db()
    assert (report.address, report.address_point, report.place_note) == ("", None, "")
    assert "Not matched" not in report_taker.get(page_url(report)).content.decode()

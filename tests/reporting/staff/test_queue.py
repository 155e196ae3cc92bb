from datetime import timedelta

import pytest
from django.utils import timezone

from reporting import services
from reporting.models import Report
from tests.factories import make_report
from tests.reporting.staff.admin_pages import changelist_url

pytestmark = pytest.mark.django_db


def listed(response) -> set[str]:
    return {report.reference for report in response.context["cl"].result_list}


def test_anonymous_visitors_are_sent_to_the_login_page(anonymous, report):
    response = anonymous.get(changelist_url())

    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["opi_staff", "staff_without_group"])
def test_staff_outside_reporting_cannot_open_the_queue(persona, request, report):
    client = request.getfixturevalue(persona)

    assert client.get(changelist_url()).status_code == 403


@pytest.mark.parametrize("persona", ["report_taker", "supervisor"])
def test_report_takers_and_supervisors_see_the_queue(persona, request, report):
    response = request.getfixturevalue(persona).get(changelist_url())

    assert response.status_code == 200
    assert report.reference in response.content.decode()


def test_queue_filters_by_status_and_channel(report_taker, report):
    other, _token = make_report(channel="phone", taken_by=report_taker.user)
    services.accept(other, actor=report_taker.user)

    assert listed(report_taker.get(changelist_url(), {"status__exact": "accepted"})) == {other.reference}
    assert listed(report_taker.get(changelist_url(), {"channel__exact": "online"})) == {report.reference}


def test_assigned_to_me_shows_only_my_reports(report_taker, supervisor, report):
    mine, _token = make_report()
    services.assign(mine, actor=report_taker.user, assignee=report_taker.user)
    services.assign(report, actor=supervisor.user, assignee=supervisor.user)

    assert listed(report_taker.get(changelist_url(), {"assigned": "me"})) == {mine.reference}


def test_age_buckets_split_reports_by_how_long_they_have_waited(report_taker, report):
    old, _token = make_report()
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))

    assert listed(report_taker.get(changelist_url(), {"age": "1"})) == {report.reference}
    assert listed(report_taker.get(changelist_url(), {"age": "30"})) == {old.reference}


@pytest.mark.parametrize(
    "term",
    [
        "reference",
        "reference without its end",
        "case",
        "Alex Resident",
        "alex res",
        "resident",
        "350 s 5th",
        "wtu123",
    ],
)
def test_search_finds_a_report_by_each_of_its_keys(term, report_taker, accepted):
    other, _token = make_report(full_name="Sam Neighbor", address="1 Main St")
    term = {
        "reference": accepted.reference,
        "reference without its end": accepted.reference.rsplit("-", 1)[0].lower(),
        "case": accepted.case_number.lower(),
    }.get(term, term)

    assert listed(report_taker.get(changelist_url(), {"q": term})) == {accepted.reference}
    assert other.reference not in listed(report_taker.get(changelist_url(), {"q": term}))


def test_a_serial_number_on_two_items_lists_the_report_once(report_taker):
    same = {"kind": "electronics", "description": "Phone", "serial_number": "SN-1"}
    report, _token = make_report(items=[same, same])

    response = report_taker.get(changelist_url(), {"q": "sn-1"})

    assert [row.reference for row in response.context["cl"].result_list] == [report.reference]


@pytest.mark.parametrize("count", [3, 30])
def test_the_queue_costs_the_same_queries_however_many_reports(
    count, report_taker, django_assert_max_num_queries
):
    for _ in range(count):
        report, _token = make_report(items=[{"kind": "tools", "description": "Saw"}])
        services.assign(report, actor=report_taker.user, assignee=report_taker.user)

    # Eleven, whatever the count: the second-factor device and the access record cost one each,
    # the wards and the neighborhoods of the address list one each for their filters.
    with django_assert_max_num_queries(11):
        response = report_taker.get(changelist_url(), {"status__exact": "submitted", "q": "alex"})

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("term", ["!!!", "a & | b:*", "'\\", "R-2026", "_"])
def test_any_search_text_gives_a_page_never_an_error(term, report_taker, report):
    assert report_taker.get(changelist_url(), {"q": term}).status_code == 200

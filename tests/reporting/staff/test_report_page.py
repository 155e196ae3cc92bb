from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting import services
from reporting.models import AccessRecord
from tests.reporting.staff.admin_pages import page_url

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_cannot_open_a_report(anonymous, report):
    response = anonymous.get(page_url(report))

    assert response.status_code == 302
    assert not AccessRecord.objects.filter(report=report).exists()


@pytest.mark.parametrize("persona", ["opi_staff", "staff_without_group"])
def test_staff_outside_reporting_cannot_open_a_report(persona, request, report):
    response = request.getfixturevalue(persona).get(page_url(report))

    assert response.status_code == 403
    assert "Alex Resident" not in response.content.decode()
    assert not AccessRecord.objects.filter(report=report).exists()


@pytest.mark.parametrize("persona", ["opi_staff", "staff_without_group"])
@pytest.mark.parametrize(
    "page",
    [
        "admin:reporting_report_change",
        "admin:reporting_report_copy",
        "admin:reporting_report_history",
        "admin:reporting_report_file",
    ],
)
def test_staff_outside_reporting_cannot_tell_which_reports_exist(persona, page, request, report):
    client = request.getfixturevalue(persona)
    extra = ["attachment", 1, "original"] if page.endswith("_file") else []

    answers = [
        client.get(reverse(page, args=[pk, *extra])).status_code for pk in (report.pk, report.pk + 1000)
    ]

    assert answers == [403, 403]


def test_the_report_page_shows_everything_the_resident_gave(report_taker, report):
    page = report_taker.get(page_url(report)).content.decode()

    for given in [
        "Alex Resident",
        "alex@example.org",
        "350 S 5th St",
        "My bike was taken",
        "WTU123",
        "Drill",
    ]:
        assert given in page
    assert "600.00" in page  # 450 for the bike and two drills at 75


def test_opening_a_report_records_who_viewed_it(report_taker, report):
    report_taker.get(page_url(report))
    report_taker.get(page_url(report))

    views = AccessRecord.objects.filter(report=report, kind=AccessRecord.Kind.REPORT_PAGE)
    assert views.count() == 2
    assert {view.staff for view in views} == {report_taker.user}


def test_the_history_is_shown_with_who_did_what(report_taker, accepted):
    page = report_taker.get(page_url(accepted)).content.decode()

    assert "Status changed" in page
    assert "report-taker" in page


def test_the_report_page_shows_the_history_read_only_and_the_report_cannot_be_deleted(supervisor, report):
    page = supervisor.get(page_url(report)).content.decode()
    history = page.split('class="reporting-history"', 1)[1].split("</table>", 1)[0]

    assert "Report filed" in history
    assert "<input" not in history
    assert supervisor.post(reverse("admin:reporting_report_delete", args=[report.pk])).status_code == 403
    assert report.history.exists()


def test_the_report_page_costs_the_same_queries_with_more_on_it(
    report_taker, report, django_assert_max_num_queries
):
    # The correction form reads the items, the page the corrections, the visit form the City
    # sites, the visits their evidence collected, the page the calls, the hand-offs, the address
    # form the closest points: a query each; the free times four (the visit length, the
    # availability, the visits, the times held for residents finishing the form).
    with django_assert_max_num_queries(31):
        report_taker.get(page_url(report))
    for number in range(5):
        services.add_note(report, actor=report_taker.user, text=f"Note {number}")
        services.send_message(report, actor=report_taker.user, body=f"Message {number}")
        services.log_evidence(
            report,
            actor=report_taker.user,
            kind="physical",
            description="Lock",
            tag_number=f"T{number}",
            storage_location="Shelf",
        )
        services.record_call(report, actor=report_taker.user, result="no_answer", minutes=2)
        visit = services.schedule_visit(
            report,
            actor=report_taker.user,
            date=timezone.localdate() + timedelta(days=number + 1),
            window_start=time(10),
            window_end=time(11),
            staff=report_taker.user,
            place="Home",
        )
        services.record_visit(visit, actor=report_taker.user, outcome="cancelled_resident")

    with django_assert_max_num_queries(31):
        response = report_taker.get(page_url(report))

    assert "Note 4" in response.content.decode()

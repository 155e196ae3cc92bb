"""Every time staff see residents' data it is recorded, and Supervisors can list who saw what."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from reporting.models import AccessRecord
from tests.factories import make_report
from tests.reporting.staff.admin_pages import act, changelist_url, page_url

pytestmark = pytest.mark.django_db

ACCESS_URL = reverse("admin:reporting_accessrecord_changelist")


def history_url(report):
    return reverse("admin:reporting_report_history", args=[report.pk])


def listed(response) -> list[AccessRecord]:
    return list(response.context["cl"].result_list)


def test_a_report_page_shown_again_after_a_failed_action_is_recorded(report_taker, report):
    response = act(report_taker, report, "note", text="")

    assert response.status_code == 200
    [view] = AccessRecord.objects.all()
    assert (view.staff, view.kind, view.report) == (report_taker.user, "report_page", report)


def test_each_page_of_the_queue_is_recorded_with_its_search_filters_and_reports(report_taker, report):
    other, _token = make_report(full_name="Sam Neighbor")

    report_taker.get(changelist_url(), {"q": "alex", "status__exact": "submitted", "p": "1"})

    [view] = AccessRecord.objects.all()
    assert (view.staff, view.kind, view.search) == (report_taker.user, "queue", "alex")
    assert view.filters == "status__exact=submitted&p=1"
    assert view.report_ids == [report.pk]
    assert other.pk not in view.report_ids


@pytest.mark.parametrize("persona", ["anonymous", "opi_staff", "staff_without_group"])
def test_nothing_is_recorded_for_those_who_may_not_see_the_queue(persona, request, report):
    request.getfixturevalue(persona).get(changelist_url())

    assert not AccessRecord.objects.exists()


def test_opening_a_reports_change_history_is_recorded(report_taker, report):
    response = report_taker.get(history_url(report))

    assert response.status_code == 200
    [view] = AccessRecord.objects.all()
    assert (view.kind, view.report) == ("history_page", report)


def test_each_page_of_the_report_history_list_and_each_entry_opened_is_recorded(report_taker, report):
    entry = report.history.get()

    report_taker.get(reverse("admin:reporting_historyentry_changelist"), {"q": report.reference})
    report_taker.get(reverse("admin:reporting_historyentry_change", args=[entry.pk]))

    listing, opened = AccessRecord.objects.order_by("id")
    assert (listing.kind, listing.search, listing.report_ids) == (
        "history_list",
        report.reference,
        [report.pk],
    )
    assert (opened.kind, opened.report) == ("history_page", report)


@pytest.mark.parametrize("persona", ["opi_staff", "staff_without_group"])
def test_staff_outside_reporting_cannot_open_a_reports_change_history(persona, request, report):
    assert request.getfixturevalue(persona).get(history_url(report)).status_code == 403
    assert not AccessRecord.objects.exists()


def test_an_export_records_every_report_it_held(supervisor, report):
    other, _token = make_report()

    supervisor.post(changelist_url(), {"action": "export_csv", "_selected_action": [report.pk, other.pk]})

    [export] = AccessRecord.objects.filter(kind="export")
    assert export.staff == supervisor.user
    assert sorted(export.report_ids) == sorted([report.pk, other.pk])
    assert export.export.report_count == 2


# The list of accesses


@pytest.mark.parametrize("persona", ["opi_staff", "staff_without_group", "report_taker"])
def test_only_supervisors_list_the_accesses(persona, request, report):
    assert request.getfixturevalue(persona).get(ACCESS_URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(anonymous):
    response = anonymous.get(ACCESS_URL)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_supervisors_list_everyone_who_saw_a_report(supervisor, report_taker, report):
    other, _token = make_report(full_name="Sam Neighbor")
    report_taker.get(page_url(report))
    report_taker.get(changelist_url(), {"q": "alex"})
    report_taker.get(page_url(other))

    by_filter = listed(supervisor.get(ACCESS_URL, {"report": report.pk}))
    by_search = listed(supervisor.get(ACCESS_URL, {"q": report.reference.lower()}))

    assert {(record.kind, record.staff) for record in by_filter} == {
        ("report_page", report_taker.user),
        ("queue", report_taker.user),
    }
    assert by_search == by_filter
    assert f"?report={report.pk}" in supervisor.get(page_url(report)).content.decode()


def test_supervisors_list_what_one_staff_member_saw(supervisor, report_taker, report):
    report_taker.get(page_url(report))
    supervisor.get(page_url(report))

    records = listed(supervisor.get(ACCESS_URL, {"staff__id__exact": report_taker.user.pk}))

    assert [(record.staff, record.report) for record in records] == [(report_taker.user, report)]


def test_an_unknown_reference_lists_nothing(supervisor, report_taker, report):
    report_taker.get(page_url(report))

    assert listed(supervisor.get(ACCESS_URL, {"q": "R-1999-000001"})) == []
    assert supervisor.get(ACCESS_URL, {"report": "not-a-number"}).status_code == 200


def test_accesses_cannot_be_added_changed_or_deleted(supervisor, report):
    supervisor.get(page_url(report))
    record = AccessRecord.objects.get()

    assert supervisor.get(reverse("admin:reporting_accessrecord_add")).status_code == 403
    change_url = reverse("admin:reporting_accessrecord_change", args=[record.pk])
    assert supervisor.post(change_url, {"kind": "queue"}).status_code == 403
    delete_url = reverse("admin:reporting_accessrecord_delete", args=[record.pk])
    assert supervisor.post(delete_url, {"post": "yes"}).status_code == 403
    # The model refuses in Python; the table refuses whatever sends the statement.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM reporting_accessrecord")
    assert AccessRecord.objects.count() == 1


def test_the_list_of_accesses_costs_the_same_queries_however_long(
    supervisor, report_taker, report, django_assert_max_num_queries
):
    for _ in range(30):
        report_taker.get(page_url(report))

    with django_assert_max_num_queries(12):
        assert supervisor.get(ACCESS_URL, {"report": report.pk}).status_code == 200


def test_the_admins_autocomplete_finds_no_report_by_name_address_or_serial_number(report_taker, report):
    for term in ("Alex", "350 S 5th", "WTU123"):
        response = report_taker.get(
            reverse("admin:autocomplete"),
            {"app_label": "reporting", "model_name": "accessrecord", "field_name": "report", "term": term},
        )

        assert response.status_code == 404
        assert report.reference not in response.content.decode()
    # The queue still searches, and records it.
    assert report.reference in report_taker.get(changelist_url(), {"q": "Alex"}).content.decode()
    assert AccessRecord.objects.get().search == "Alex"


@pytest.mark.parametrize(
    "url", [changelist_url(), reverse("admin:reporting_historyentry_changelist")], ids=["queue", "history"]
)
def test_a_search_too_long_to_record_is_refused_with_a_message(url, supervisor, report):
    response = supervisor.get(url, {"q": "Alex Resident " * 20})

    assert response.status_code == 200
    assert "A search can be at most 200 characters long." in response.content.decode()
    assert list(response.context["cl"].result_list) == []
    assert not AccessRecord.objects.exists()

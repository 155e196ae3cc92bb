import csv
import io

import pytest

from reporting.models import ExportRecord
from tests.factories import make_report
from tests.reporting.staff.admin_pages import changelist_url

pytestmark = pytest.mark.django_db


def export(client, action, *reports):
    return client.post(
        changelist_url() + "?status__exact=submitted",
        {"action": action, "_selected_action": [report.pk for report in reports]},
    )


def rows(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_supervisors_are_offered_both_exports(supervisor, report):
    offered = supervisor.get(changelist_url()).context["action_form"].fields["action"].choices

    assert {"export_csv", "export_csv_with_personal_data"} <= {name for name, _label in offered}


def test_supervisors_export_without_personal_data_by_default(supervisor, report):
    response = export(supervisor, "export_csv", report)

    [row] = rows(response)
    assert row["reference"] == report.reference
    assert row["item_count"] == "3"
    assert "full_name" not in row
    assert "Alex Resident" not in str(row)
    record = ExportRecord.objects.get()
    assert (record.exported_by, record.included_personal_data, record.report_count) == (
        supervisor.user,
        False,
        1,
    )
    assert "status__exact=submitted" in record.filters


def test_personal_data_is_exported_only_by_explicit_choice_and_recorded(supervisor, report):
    response = export(supervisor, "export_csv_with_personal_data", report)

    [row] = rows(response)
    assert row["full_name"] == "Alex Resident"
    assert ExportRecord.objects.get().included_personal_data


@pytest.mark.parametrize("typed", ["=HYPERLINK(1)", " =HYPERLINK(1)", "\uff1dHYPERLINK(1)", "\t@SUM(1)"])
def test_typed_text_cannot_become_a_spreadsheet_formula(supervisor, typed):
    report, _token = make_report(full_name=typed)

    [row] = rows(export(supervisor, "export_csv_with_personal_data", report))

    assert row["full_name"] == "'" + typed


@pytest.mark.parametrize("action", ["export_csv", "export_csv_with_personal_data"])
def test_report_takers_cannot_export(action, report_taker, report):
    response = export(report_taker, action, report)

    assert response.status_code == 302
    assert not ExportRecord.objects.exists()
    assert (
        "export" not in report_taker.get(changelist_url()).content.decode().lower().split("<select")[1][:2000]
    )


def test_anonymous_visitors_cannot_export(anonymous, report):
    response = export(anonymous, "export_csv", report)

    assert response.status_code == 302
    assert not ExportRecord.objects.exists()


def test_exports_are_listed_for_supervisors_and_cannot_be_changed(supervisor, report):
    export(supervisor, "export_csv", report)
    record = ExportRecord.objects.get()

    assert supervisor.get("/admin/reporting/exportrecord/").status_code == 200
    assert supervisor.post(f"/admin/reporting/exportrecord/{record.pk}/delete/").status_code == 403


@pytest.mark.parametrize("count", [2, 20])
def test_an_export_costs_the_same_queries_however_many_reports(
    count, supervisor, django_assert_max_num_queries
):
    reports = [make_report()[0] for _ in range(count)]

    # The queue's filters of wards and neighborhoods cost two each time the action's list is built.
    with django_assert_max_num_queries(16):
        assert len(rows(export(supervisor, "export_csv", *reports))) == count

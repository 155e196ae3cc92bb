"""The daily file for the police records system: accepted reports once, again only when changed,
never one that was not accepted; every cell safe in a spreadsheet; no file outlives the details
the retention schedule removes."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.roles import REPORT_TAKERS
from reporting import records_export, services
from reporting.models import AddressPoint, RecordsExport, RecordsExportReport, Report
from tests.factories import make_reason, make_report, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return make_staff(REPORT_TAKERS, username="records-taker")


def accepted(staff, **fields) -> Report:
    report, _token = make_report(**fields)
    return services.accept(report, actor=staff)


def file_rows(record: RecordsExport) -> list[dict]:
    with record.file.open("rb") as file:
        return list(csv.DictReader(io.StringIO(file.read().decode())))


def cases(record: RecordsExport) -> list[tuple[str, str]]:
    return [(row["case_number"], row["update"]) for row in file_rows(record)]


def test_the_file_has_the_documented_columns_and_the_reports_case(staff):
    report = accepted(
        staff,
        occurred_from=datetime.date(2026, 3, 2),
        occurred_to=datetime.date(2026, 3, 4),
        items=[{"kind": "bicycle", "description": "Blue bike", "value": 450}],
    )

    record = records_export.export_daily()

    [row] = file_rows(record)
    assert list(row) == records_export.COLUMNS
    assert row == {
        "case_number": report.case_number,
        "update": "no",
        "offense_code": "23H",
        "offense": "All Other Larceny",
        "property_loss_code": "7",
        "property_description_code": "",
        "property_description": "",
        "item_kind": "Bicycle or scooter",
        "item_description": "Blue bike",
        "quantity": "1",
        "property_value": "450",
        "occurred_from": "2026-03-02",
        "occurred_to": "2026-03-04",
        "reported_on": timezone.localdate(report.created_at).isoformat(),
        "accepted_on": timezone.localdate(report.decided_at).isoformat(),
        "address": "350 S 5th St",
        "matched_address": "",
        "ward": "",
        "neighborhood": "",
        "place_type": "Street, sidewalk or alley",
    }
    assert (record.report_count, record.row_count, record.removed_at) == (1, 1, None)
    assert record.file.name.startswith("reporting/records-exports/")


def test_a_matched_address_goes_with_its_ward_and_neighborhood(staff):
    point = AddressPoint.objects.create(
        city_id="T-1000",
        address="1000 E Lake St",
        ward=9,
        neighborhood="Made-up Heights",
        search_text="1000 east lake street",
        is_demo=True,
    )
    accepted(staff, address="Lake St and 10th Ave", address_point=point)

    [row] = file_rows(records_export.export_daily())

    assert (row["address"], row["matched_address"], row["ward"], row["neighborhood"]) == (
        "Lake St and 10th Ave",
        "1000 E Lake St",
        "9",
        "Made-up Heights",
    )


def test_an_accepted_report_goes_once(staff):
    report = accepted(staff)

    first = records_export.export_daily()
    services.send_message(report, actor=staff, body="We have your report.")
    second = records_export.export_daily()

    assert cases(first) == [(report.case_number, "no")]
    assert cases(second) == []
    assert (second.report_count, second.row_count) == (0, 0)


def test_a_report_changed_since_it_went_goes_again_marked_as_an_update(staff):
    report = accepted(staff, items=[{"kind": "tools", "description": "Drill", "value": 80}])
    records_export.export_daily()

    services.correct_report(
        report,
        actor=staff,
        reason="The resident gave the corner.",
        report_changes={"address": "400 S 5th St"},
        item_changes={},
    )
    again = records_export.export_daily()

    assert [(row["case_number"], row["update"], row["address"]) for row in file_rows(again)] == [
        (report.case_number, "yes", "400 S 5th St")
    ]
    assert records_export.export_daily().report_count == 0
    assert list(report.records_exports.values_list("is_update", flat=True).order_by("pk")) == [False, True]


def test_an_item_added_later_sends_the_report_again(staff):
    report = accepted(staff)
    records_export.export_daily()

    services.add_supplement(report, items=[{"kind": "jewelry", "description": "Ring", "value": 120}])

    assert [row["item_description"] for row in file_rows(records_export.export_daily())] == ["Ring"]


def test_reports_closed_or_waiting_for_information_after_acceptance_go_too(staff):
    closed = services.close(accepted(staff), actor=staff)
    waiting = services.request_info(accepted(staff), actor=staff, body="Which rack?")

    record = records_export.export_daily()

    assert sorted(case for case, _update in cases(record)) == sorted(
        [closed.case_number, waiting.case_number]
    )


def test_reports_never_accepted_or_taken_back_never_go(staff):
    make_report()
    services.request_info(make_report()[0], actor=staff, body="Which rack?")
    services.refer(make_report()[0], actor=staff, reason=make_reason())
    services.decline(make_report()[0], actor=staff, reason=make_reason(action="decline"))
    services.withdraw(make_report()[0])
    services.withdraw(accepted(staff))
    referred_after_all = services.request_info(accepted(staff), actor=staff, body="Is it yours?")
    services.refer(referred_after_all, actor=staff, reason=make_reason())

    record = records_export.export_daily()

    assert cases(record) == []
    assert not RecordsExportReport.objects.exists()


@pytest.mark.parametrize("typed", ["=HYPERLINK(1)", "+SUM(1)", "@cmd", "\t=1+1"])
def test_typed_text_cannot_become_a_spreadsheet_formula(staff, typed):
    accepted(staff, address=typed, items=[{"kind": "other", "description": typed}])

    [row] = file_rows(records_export.export_daily())

    assert (row["address"], row["item_description"]) == ("'" + typed, "'" + typed)


def test_the_tracking_keeps_a_fingerprint_and_nothing_of_the_resident(staff):
    report = accepted(staff, items=[{"kind": "bag", "description": "Red purse", "value": 60}])

    records_export.export_daily()

    [entry] = RecordsExportReport.objects.values()
    assert set(entry) == {"id", "records_export_id", "report_id", "fingerprint", "is_update"}
    assert len(entry["fingerprint"]) == 64 and entry["report_id"] == report.pk


def test_files_are_removed_after_their_time_and_their_record_stays(staff, django_capture_on_commit_callbacks):
    accepted(staff)
    old = records_export.export_daily(
        now=timezone.now() - records_export.FILES_KEPT - datetime.timedelta(hours=1)
    )
    name, storage = old.file.name, old.file.storage

    with django_capture_on_commit_callbacks(execute=True):
        records_export.remove_old_files()

    old.refresh_from_db()
    assert (old.file.name, old.report_count) == ("", 1)
    assert old.removed_at is not None
    assert not storage.exists(name)


@pytest.mark.parametrize("outcome", ["delete", "anonymise"])
def test_the_retention_schedule_removes_the_files_that_carried_a_report(
    staff, settings, outcome, django_capture_on_commit_callbacks
):
    report = accepted(staff)
    record = records_export.export_daily()
    name, storage = record.file.name, record.file.storage
    settings.RETENTION_DELETE_ENDED_DAYS = settings.RETENTION_ANONYMISE_CLOSED_DAYS = 0
    if outcome == "delete":
        services.withdraw(report)
    else:
        services.close(report, actor=staff)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention_schedule", stdout=io.StringIO())

    record.refresh_from_db()
    assert record.file.name == "" and not storage.exists(name)
    assert RecordsExportReport.objects.filter(report=report).exists() == (outcome == "anonymise")


def test_a_report_anonymised_by_the_schedule_never_goes_again(staff, settings):
    report = services.close(accepted(staff), actor=staff)
    records_export.export_daily()
    settings.RETENTION_ANONYMISE_CLOSED_DAYS = 0

    call_command("apply_retention_schedule", stdout=io.StringIO())

    assert Report.objects.get(pk=report.pk).anonymised_at is not None
    assert records_export.export_daily().report_count == 0


def test_the_job_command_runs_the_export_as_a_task(staff):
    report = accepted(staff)
    out = io.StringIO()

    call_command("export_for_records", stdout=out)

    assert out.getvalue().strip() == "Wrote a file of 1 row(s) for 1 report(s); removed 0 old file(s)."
    assert cases(RecordsExport.objects.get()) == [(report.case_number, "no")]

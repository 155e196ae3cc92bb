"""The records retention schedule: withdrawn and declined reports are deleted, closed reports
lose their contact details, and no aggregate figure moves."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts.roles import REPORT_TAKERS
from reporting import aggregates, retention, services
from reporting.files import check_upload
from reporting.models import AccessRecord, Attachment, HistoryEntry, Item, Message, Report, RetiredReport
from tests.factories import make_reason, make_report, make_staff
from tests.reporting.conftest import upload

pytestmark = pytest.mark.django_db

ITEM = {"kind": "bicycle", "description": "Blue bike", "quantity": 1, "value": 300}


@pytest.fixture
def staff():
    return make_staff(REPORT_TAKERS, username="retention-taker")


def with_file(report: Report) -> Report:
    services.add_supplement(report, note="A photo of the lock.", checked_files=[check_upload(upload())])
    return report


def withdrawn():
    report, _token = make_report(items=[ITEM], race_ethnicity="black", age_range="25_34", gender="woman")
    return services.withdraw(with_file(report), reason="Found it")


def declined(staff):
    report, _token = make_report(
        items=[ITEM],
        follow_up="phone",
        phone="612-555-0100",
        race_ethnicity="asian",
        gender="man",
        language="so",
    )
    return services.decline(with_file(report), actor=staff, reason=make_reason(action="decline"))


def closed(staff):
    report, token = make_report(items=[ITEM], home_address="1 Main St", phone="612-555-0101")
    services.accept(report, actor=staff)
    return services.close(report, actor=staff), token


def run(*args) -> str:
    out = io.StringIO()
    call_command("apply_retention_schedule", *args, stdout=out)
    return out.getvalue()


def days_from_now(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_withdrawn_and_declined_reports_are_due_only_after_their_period(staff, settings):
    settings.RETENTION_DELETE_ENDED_DAYS = 90
    reports = {withdrawn().pk, declined(staff).pk}

    assert retention.due(now=days_from_now(89)).to_delete == []
    assert {report.pk for report in retention.due(now=days_from_now(91)).to_delete} == reports


def test_deleting_removes_the_report_its_items_messages_history_and_files(
    staff, settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_DELETE_ENDED_DAYS = 0
    gone = [withdrawn(), declined(staff)]
    files = [name for attachment in Attachment.objects.all() for name in attachment_files(attachment)]
    assert files and all(default_storage.exists(name) for name in files)

    with django_capture_on_commit_callbacks(execute=True):
        output = run()

    assert not Report.objects.filter(pk__in=[report.pk for report in gone]).exists()
    assert not Item.objects.exists() and not Message.objects.exists() and not Attachment.objects.exists()
    assert not HistoryEntry.objects.exists()
    assert not any(default_storage.exists(name) for name in files)
    assert f"Did delete {gone[0].reference} (withdrawn" in output
    assert "Did delete 2 report(s)" in output


def test_a_report_staff_opened_is_deleted_with_the_record_of_who_opened_it(staff, settings):
    settings.RETENTION_DELETE_ENDED_DAYS = 0
    report = withdrawn()
    services.record_view(report, actor=staff)
    services.record_file_access(actor=staff, attachment=report.attachments.get())

    run()

    assert not Report.objects.filter(pk=report.pk).exists()
    assert not AccessRecord.objects.filter(report_id=report.pk).exists()


def attachment_files(attachment: Attachment) -> list[str]:
    return [field.name for field in (attachment.original, attachment.viewing_copy) if field]


def test_aggregate_figures_do_not_change_when_reports_are_deleted_or_anonymised(staff, settings, client):
    settings.RETENTION_DELETE_ENDED_DAYS = 0
    settings.RETENTION_ANONYMISE_CLOSED_DAYS = 0
    withdrawn()
    declined(staff)
    closed(staff)
    make_report()
    figures = aggregates.pilot_figures()
    todays_figures = aggregates.pilot_figures(timezone.localdate(), timezone.localdate())
    data_page = client.get("/data/").content

    run()

    assert RetiredReport.objects.count() == 2
    # The equity breakdowns count the deleted reports' answers too.
    assert figures["by_group"]["race_ethnicity"]["black"]["reports"] == 1
    assert figures["by_group"]["language"]["so"]["reports"] == 1
    assert aggregates.pilot_figures() == figures
    assert aggregates.pilot_figures(timezone.localdate(), timezone.localdate()) == todays_figures
    cache.clear()
    assert client.get("/data/").content == data_page


def test_closed_reports_lose_contact_details_after_their_period_and_keep_the_case(staff, settings, client):
    settings.RETENTION_ANONYMISE_CLOSED_DAYS = 365
    report, token = closed(staff)
    assert retention.due(now=days_from_now(364)).to_anonymise == []
    settings.RETENTION_ANONYMISE_CLOSED_DAYS = 0

    output = run()

    report.refresh_from_db()
    assert (report.full_name, report.email, report.phone, report.home_address, report.address) == ("",) * 5
    assert report.anonymised_at is not None
    assert report.status == Report.Status.CLOSED
    assert report.case_number and report.items.count() == 1 and report.narrative
    assert not report.access_links.exists()
    assert client.get(f"/report/status/link/{token}/").status_code == 410
    assert report.history.last().text.startswith("Name, contact details and addresses removed")
    assert f"Did remove the contact details of {report.reference}" in output


def test_running_the_schedule_twice_changes_nothing_more(staff, settings):
    settings.RETENTION_DELETE_ENDED_DAYS = 0
    settings.RETENTION_ANONYMISE_CLOSED_DAYS = 0
    withdrawn()
    closed(staff)
    run()
    anonymised = Report.objects.get()
    before = (anonymised.updated_at, anonymised.history.count(), RetiredReport.objects.count())

    output = run()

    anonymised.refresh_from_db()
    assert (anonymised.updated_at, anonymised.history.count(), RetiredReport.objects.count()) == before
    assert "Did delete 0 report(s) and remove the contact details of 0" in output


def test_a_dry_run_says_what_would_be_done_and_changes_nothing(staff, settings):
    settings.RETENTION_DELETE_ENDED_DAYS = 0
    settings.RETENTION_ANONYMISE_CLOSED_DAYS = 0
    gone = withdrawn()
    kept, _token = closed(staff)

    output = run("--dry-run")

    assert f"Would delete {gone.reference} (withdrawn" in output
    assert f"Would remove the contact details of {kept.reference} (closed" in output
    assert "Would delete 1 report(s) and remove the contact details of 1" in output
    assert Report.objects.count() == 2
    assert Report.objects.get(pk=kept.pk).full_name == "Alex Resident"
    assert not RetiredReport.objects.exists()


def test_open_and_referred_reports_are_left_alone(staff, settings):
    settings.RETENTION_DELETE_ENDED_DAYS = 0
    settings.RETENTION_ANONYMISE_CLOSED_DAYS = 0
    open_report, _token = make_report()
    referred, _token = make_report()
    services.refer(referred, actor=staff, reason=make_reason(action="refer"))

    run()

    assert (
        Report.objects.filter(pk__in=[open_report.pk, referred.pk], anonymised_at__isnull=True).count() == 2
    )


def test_a_report_holding_evidence_is_kept_for_staff_to_decide(staff, settings):
    settings.RETENTION_DELETE_ENDED_DAYS = 0
    report, _token = make_report()
    services.log_evidence(
        report,
        actor=staff,
        kind="physical",
        description="Cut lock",
        tag_number="T-1",
        storage_location="Locker 4",
    )
    services.withdraw(report)

    output = run()

    assert Report.objects.filter(pk=report.pk).exists()
    assert f"Kept {report.reference} (withdrawn): it holds evidence" in output


def test_history_stays_append_only_outside_the_retention_schedule():
    report, _token = make_report()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM reporting_historyentry WHERE report_id = %s", [report.pk])
    assert report.history.exists()


def test_the_schedule_may_rewrite_only_the_columns_of_history_that_hold_copies():
    report, _token = make_report()
    entry = report.history.get()

    with transaction.atomic(), retention.scrubbing() as cursor:
        cursor.execute("UPDATE reporting_historyentry SET text = 'scrubbed' WHERE id = %s", [entry.pk])
    assert report.history.get().text == "scrubbed"
    for statement in (
        "UPDATE reporting_historyentry SET kind = 'note' WHERE id = %s",
        "UPDATE reporting_historyentry SET text = 'again', kind = 'note' WHERE id = %s",
        "DELETE FROM reporting_historyentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            retention.scrubbing() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    # Without the schedule's setting, not even the text.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE reporting_historyentry SET text = 'again' WHERE id = %s", [entry.pk])

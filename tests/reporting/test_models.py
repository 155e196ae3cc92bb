import re
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from accounts.roles import REPORT_TAKERS
from core.models import RateLimit
from reporting.models import (
    AccessLink,
    AppendOnlyError,
    HistoryEntry,
    Item,
    Report,
    ScreeningExit,
    WorkflowSettings,
    hash_token,
)
from tests.factories import make_report, make_staff

pytestmark = pytest.mark.django_db


def test_reference_numbers_are_human_friendly_and_yearly():
    report, _token = make_report()

    assert re.fullmatch(rf"R-{timezone.localdate():%Y}-\d{{6}}-[3479A-Y]{{5}}", report.reference)


def test_only_the_hash_of_an_access_link_token_is_stored():
    report, token = make_report()

    link = AccessLink.objects.get(report=report)
    assert token not in link.token_hash
    assert link.token_hash == hash_token(token)


def test_a_future_date_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_report(occurred_from=timezone.localdate() + timedelta(days=3))


def test_a_date_range_that_ends_before_it_starts_is_refused_by_the_database():
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_report(occurred_from=today - timedelta(days=1), occurred_to=today - timedelta(days=5))


def test_a_phone_report_must_name_the_staff_member_who_took_it():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_report(channel="phone")

    taker = make_staff(REPORT_TAKERS)
    report, _token = make_report(channel="phone", taken_by=taker, email="", phone="612-555-0100")
    assert report.taken_by == taker


def test_a_case_number_is_never_given_twice():
    first, _token = make_report()
    second, _token = make_report()
    Report.objects.filter(pk=first.pk).update(case_number="C-2026-000001", decided_at=timezone.now())

    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=second.pk).update(case_number="C-2026-000001", decided_at=timezone.now())


def test_item_totals_multiply_quantity_by_value():
    report, _token = make_report(
        items=[
            {"kind": "tools", "description": "Drill", "quantity": 2, "value": Decimal("80.50")},
            {"kind": "other", "description": "Unknown value", "quantity": 1, "value": None},
        ]
    )

    assert report.total_value == Decimal("161.00")
    annotated = Report.objects.with_totals().get(pk=report.pk)
    assert (annotated.item_count, annotated.items_value) == (3, Decimal("161.00"))


def test_an_item_needs_a_positive_quantity():
    report, _token = make_report()
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.create(report=report, kind="other", description="x", quantity=0)


def test_history_can_be_added_to_but_never_changed_or_deleted():
    report, _token = make_report()
    entry = report.history.get()

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        HistoryEntry.objects.filter(pk=entry.pk).update(text="rewritten")


def test_the_database_itself_refuses_to_rewrite_history():
    report, _token = make_report()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE reporting_historyentry SET text = '' WHERE report_id = %s", [report.pk])


def test_screening_exits_are_counted_per_exit_and_day():
    ScreeningExit.record("parking")
    ScreeningExit.record("parking")
    ScreeningExit.record("danger")

    counts = dict(ScreeningExit.objects.values_list("exit", "count"))
    assert counts == {"parking": 2, "danger": 1}


def test_rate_limit_windows_count_each_hit():
    window = timezone.now().replace(microsecond=0)

    assert [RateLimit.hit("lookup:abc", window) for _ in range(3)] == [1, 2, 3]
    assert RateLimit.hit("lookup:other", window) == 1


def test_workflow_settings_have_one_row_with_a_default_wait():
    assert WorkflowSettings.current().info_request_days == 14
    assert WorkflowSettings.current().pk == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkflowSettings.objects.create(pk=2)


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_reference_numbers():
    references, errors = [], []

    def submit():
        try:
            for _ in range(5):
                report, _token = make_report()
                references.append(report.reference)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(references) == len(set(references)) == 20
    assert Report.objects.count() == 20


def test_open_reports_are_those_the_city_still_works_on():
    still_open, _token = make_report()
    withdrawn, _token = make_report()
    Report.objects.filter(pk=withdrawn.pk).update(status=Report.Status.WITHDRAWN)

    assert list(Report.objects.open()) == [still_open]

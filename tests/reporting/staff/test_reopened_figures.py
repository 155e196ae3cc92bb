"""A report a Supervisor reopens is counted once: as waiting until it is decided again, then by the
decision that stands, in every figure (public, OPI's, the staff dashboard and the CSV)."""

import csv
import importlib
import io
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone

from accounts.roles import SUPERVISORS
from reporting import aggregates, services
from reporting.dashboard import staff_dashboard
from reporting.models import HistoryEntry, Report
from tests.factories import make_reason, make_report, make_staff
from tests.reporting.staff.admin_pages import changelist_url

pytestmark = pytest.mark.django_db

Status = Report.Status


def reopened_referral(taker, *, referred_after_days: int = 0) -> Report:
    filed = timezone.now() - timedelta(days=30)
    with time_machine.travel(filed, tick=False):
        report, _token = make_report()
    with time_machine.travel(filed + timedelta(days=referred_after_days), tick=False):
        services.refer(report, actor=taker, reason=make_reason())
    return services.reopen(report, actor=make_staff(SUPERVISORS))


def test_a_reopened_referral_is_waiting_and_not_decided(report_taker):
    report = reopened_referral(report_taker.user)

    figures = aggregates.pilot_figures()
    assert figures["decisions"]["waiting"] == 1
    assert figures["decisions"]["referred"] == 0
    assert figures["days_to_decision"]["decided"] == 0
    assert figures["follow_up_given"]["online"] == 0
    dashboard = staff_dashboard()
    assert dashboard.counts["submitted"] == 1
    assert dashboard.counts["decided_this_week"] == 0
    # The referral is still in the report's history.
    assert report.history.filter(kind=HistoryEntry.Kind.STATUS, to_status=Status.REFERRED).exists()


def test_a_reopened_referral_then_accepted_counts_once_from_its_acceptance(report_taker):
    report = reopened_referral(report_taker.user, referred_after_days=10)
    report = services.accept(report, actor=report_taker.user)  # 30 days after it was filed

    figures = aggregates.pilot_figures()
    assert figures["reports"] == 1
    assert figures["decisions"]["accepted"] == 1
    assert sum(figures["decisions"].values()) == 1
    assert figures["days_to_decision"]["decided"] == 1
    assert figures["days_to_decision"]["median"] == 30.0
    assert figures["by_group"]["gender"][""]["days_to_decision"]["median"] == 30.0
    assert staff_dashboard().counts["decided_this_week"] == 1


def test_a_reopened_accepted_report_keeps_its_case_number_and_acceptance(report_taker):
    report, _token = make_report()
    report = services.accept(report, actor=report_taker.user)
    case_number, accepted_at = report.case_number, report.decided_at
    report = services.close(report, actor=report_taker.user)

    report = services.reopen(report, actor=make_staff(SUPERVISORS))

    assert (report.status, report.case_number) == (Status.ACCEPTED, case_number)
    assert report.decided_at == accepted_at
    figures = aggregates.pilot_figures()
    assert figures["decisions"]["accepted"] == 1
    assert figures["days_to_decision"]["decided"] == 1


def test_an_accepted_report_asked_for_more_information_stays_accepted_once(report_taker):
    report, _token = make_report()
    report = services.accept(report, actor=report_taker.user)
    accepted_at = report.decided_at
    report = services.request_info(report, actor=report_taker.user, body="Which rack?")

    figures = aggregates.pilot_figures()
    assert (figures["decisions"]["accepted"], figures["decisions"]["waiting"]) == (1, 0)
    assert figures["days_to_decision"]["decided"] == 1

    report = services.answer_info_request(report, body="By the library.")
    report = services.accept(report, actor=report_taker.user)
    assert report.decided_at == accepted_at
    assert aggregates.pilot_figures()["decisions"]["accepted"] == 1


def test_the_csv_gives_a_reopened_report_no_decision_date(supervisor, report_taker):
    report = reopened_referral(report_taker.user)

    response = supervisor.post(changelist_url(), {"action": "export_csv", "_selected_action": [report.pk]})

    [row] = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert (row["status"], row["decided_at"]) == ("submitted", "")


def test_reports_reopened_before_the_fix_get_the_decision_that_stands(report_taker):
    waiting = reopened_referral(report_taker.user)
    accepted = reopened_referral(report_taker.user, referred_after_days=10)
    accepted = services.accept(accepted, actor=report_taker.user)
    # As the reopen service left them: the undone referral's time kept.
    referred_at = accepted.history.get(to_status=Status.REFERRED).created_at
    Report.objects.filter(pk__in=[waiting.pk, accepted.pk]).update(decided_at=referred_at)

    migration = importlib.import_module("reporting.migrations.0017_decision_that_stands_and_chosen_words")
    migration.decision_that_stands(apps, None)

    waiting.refresh_from_db()
    accepted.refresh_from_db()
    assert waiting.decided_at is None
    assert accepted.decided_at == accepted.history.get(to_status=Status.ACCEPTED).created_at

"""The resident's and the staff's forms' rules are constraints of the data (anonymised reports
excepted), and migration 0015 puts right the rows that broke them before adding them."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from reporting.models import Item, Report
from tests.factories import make_report

BEFORE = [("reporting", "0014_one_report_per_draft")]
AFTER = [("reporting", "0015_data_rules_of_the_forms")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"follow_up": "phone", "phone": ""}, "reporting_report_phone_call_has_number"),
        ({"follow_up": "visit", "phone": "", "home_address": ""}, "reporting_report_visit_can_be_arranged"),
        ({"narrative": ""}, "reporting_report_narrative_given"),
        ({"full_name": ""}, "reporting_report_name_given"),
        ({"address": ""}, "reporting_report_address_given"),
        ({"kind": "arson"}, "reporting_report_kind_known"),
        ({"channel": "fax"}, "reporting_report_channel_known"),
        ({"follow_up": "letter"}, "reporting_report_follow_up_known"),
        ({"place_type": "moon"}, "reporting_report_place_type_known"),
    ],
)
def test_a_report_the_forms_would_refuse_is_refused_by_the_database(changes, constraint):
    report, _token = make_report(phone="+16125550100")

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(**changes)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"description": ""}, "reporting_item_description_given"),
        ({"kind": "car"}, "reporting_item_kind_known"),
    ],
)
def test_an_item_the_forms_would_refuse_is_refused_by_the_database(changes, constraint):
    report, _token = make_report(items=[{"kind": "bicycle", "description": "Blue bike"}])

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Item.objects.filter(report=report).update(**changes)


@pytest.mark.django_db
def test_an_anonymised_report_keeps_its_follow_up_without_the_means_of_it():
    report, _token = make_report(follow_up="phone", phone="+16125550100")

    Report.objects.filter(pk=report.pk).update(
        full_name="", email="", phone="", address="", anonymised_at=timezone.now()
    )

    assert Report.objects.get(pk=report.pk).follow_up == "phone"


@pytest.mark.django_db(transaction=True)
def test_the_migration_puts_right_rows_that_break_the_new_rules_and_notes_it():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Report, Visit = apps.get_model("reporting", "Report"), apps.get_model("reporting", "Visit")
    User = apps.get_model("auth", "User")
    staff = User.objects.create(username="taker")
    common = {
        "kind": "theft",
        "occurred_from": datetime.date(2026, 1, 5),
        "address": "350 S 5th St",
        "place_type": "street",
        "narrative": "Taken.",
        "full_name": "Alex",
        "email": "alex@example.org",
        "false_report_acknowledged": True,
    }
    no_number = Report.objects.create(reference="R-1", follow_up="phone", **common)
    no_address = Report.objects.create(reference="R-2", follow_up="visit", **common)
    fine = Report.objects.create(reference="R-3", follow_up="phone", phone="+16125550100", **common)
    day = datetime.date(2026, 1, 10)
    first = Visit.objects.create(
        report=fine,
        date=day,
        window_start=datetime.time(10),
        window_end=datetime.time(12),
        staff=staff,
        place="A",
    )
    Visit.objects.create(
        report=no_number,
        date=day,
        window_start=datetime.time(11),
        window_end=datetime.time(13),
        staff=staff,
        place="B",
    )
    touching = Visit.objects.create(
        report=no_address,
        date=day,
        window_start=datetime.time(12),
        window_end=datetime.time(14),
        staff=staff,
        place="C",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Report, Visit = apps.get_model("reporting", "Report"), apps.get_model("reporting", "Visit")
    HistoryEntry = apps.get_model("reporting", "HistoryEntry")

    assert dict(Report.objects.values_list("reference", "follow_up")) == {
        "R-1": "online",
        "R-2": "online",
        "R-3": "phone",
    }
    assert set(Visit.objects.values_list("pk", flat=True)) == {first.pk, touching.pk}
    notes = HistoryEntry.objects.filter(kind="note")
    assert notes.filter(report_id=no_address.pk, text__contains="to “online”").count() == 1
    assert notes.filter(report_id=no_number.pk, text__contains="to “online”").count() == 1
    assert notes.filter(report_id=no_number.pk, text__contains="Book it again.").count() == 1

    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

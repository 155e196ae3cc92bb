"""The forms' rules become rules of the data: named check constraints on reports and items, no
staff member booked for two visits at once (an exclusion constraint), and no custody transfer
dated before its item was collected (a trigger: the rule spans two tables).

Rows that break a new rule are put right first, each with a note in its report's history, so the
constraints can be added: a report asking for a phone call with no number (or a visit with
neither an address nor a number) is followed up online, as its email address allows; of two
overlapping visits of one staff member, the one booked later is removed, to be booked again.
Custody transfers already dated before collection are left as they are: the trigger checks
what is written from now on, and a chain of custody is never rewritten."""

import datetime
from zoneinfo import ZoneInfo

import django.contrib.postgres.constraints
import django.contrib.postgres.fields.ranges
import django.db.models.expressions
from django.conf import settings
from django.db import migrations, models


CUSTODY_AFTER_COLLECTION = """
CREATE FUNCTION reporting_custody_after_collection() RETURNS trigger AS $$
BEGIN
    -- Custody times are given to the minute, so the minute of collection is allowed.
    IF TG_TABLE_NAME = 'reporting_custodytransfer' THEN
        IF NEW.transferred_at < (
            SELECT date_trunc('minute', collected_at) FROM reporting_evidence WHERE id = NEW.evidence_id
        ) THEN
            RAISE EXCEPTION 'custody transfer % is dated before its evidence was collected', NEW.id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'reporting_custodytransfer_after_collection';
        END IF;
    ELSIF EXISTS (
        SELECT 1 FROM reporting_custodytransfer
        WHERE evidence_id = NEW.id AND transferred_at < date_trunc('minute', NEW.collected_at)
    ) THEN
        RAISE EXCEPTION 'evidence % would be collected after it changed hands', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'reporting_custodytransfer_after_collection';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER reporting_custodytransfer_after_collection
    BEFORE INSERT OR UPDATE ON reporting_custodytransfer
    FOR EACH ROW EXECUTE FUNCTION reporting_custody_after_collection();

CREATE TRIGGER reporting_evidence_collected_before_custody
    BEFORE UPDATE OF collected_at ON reporting_evidence
    FOR EACH ROW WHEN (NEW.collected_at > OLD.collected_at)
    EXECUTE FUNCTION reporting_custody_after_collection();
"""

DROP_CUSTODY_AFTER_COLLECTION = """
DROP TRIGGER reporting_evidence_collected_before_custody ON reporting_evidence;
DROP TRIGGER reporting_custodytransfer_after_collection ON reporting_custodytransfer;
DROP FUNCTION reporting_custody_after_collection();
"""


def follow_up_as_possible(apps, schema_editor):
    """A phone call needs a number, a visit an address or a number: without them, online."""
    Report = apps.get_model("reporting", "Report")
    HistoryEntry = apps.get_model("reporting", "HistoryEntry")
    unreachable = Report.objects.filter(anonymised_at__isnull=True).filter(
        models.Q(follow_up="phone", phone="") | models.Q(follow_up="visit", phone="", home_address="")
    )
    for report in unreachable:
        HistoryEntry.objects.create(
            report=report,
            kind="note",
            text=(
                f"Follow-up changed from “{report.follow_up}” to “online”: the report gave no means "
                "for it, and reports must now have one."
            ),
        )
    unreachable.update(follow_up="online")


def one_visit_at_a_time(apps, schema_editor):
    """Of overlapping visits of one staff member, keep the one booked first."""
    Visit = apps.get_model("reporting", "Visit")
    HistoryEntry = apps.get_model("reporting", "HistoryEntry")
    city = ZoneInfo(settings.TIME_ZONE)
    kept = {}
    for visit in Visit.objects.select_related("staff").order_by("created_at", "id"):
        start = datetime.datetime.combine(visit.date, visit.window_start, city)
        end = datetime.datetime.combine(visit.date, visit.window_end, city)
        if any(
            start < other_end and other_start < end for other_start, other_end in kept.get(visit.staff_id, [])
        ):
            HistoryEntry.objects.create(
                report_id=visit.report_id,
                kind="note",
                text=(
                    f"Visit on {visit.date:%Y-%m-%d} {visit.window_start:%H:%M}-{visit.window_end:%H:%M} "
                    f"with {visit.staff.username} removed: that staff member had another visit booked "
                    "earlier at the same time. Book it again."
                ),
            )
            visit.delete()
        else:
            kept.setdefault(visit.staff_id, []).append((start, end))


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0014_one_report_per_draft"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(follow_up_as_possible, migrations.RunPython.noop),
        migrations.RunPython(one_visit_at_a_time, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="custodytransfer",
            constraint=models.CheckConstraint(
                condition=models.Q(("transferred_at__lte", models.F("created_at"))),
                name="reporting_custodytransfer_not_after_recording",
            ),
        ),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.CheckConstraint(
                condition=models.Q(("description", ""), _negated=True),
                name="reporting_item_description_given",
            ),
        ),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "bicycle",
                            "electronics",
                            "bag",
                            "money",
                            "jewelry",
                            "tools",
                            "vehicle_part",
                            "package",
                            "documents",
                            "property",
                            "other",
                        ],
                    )
                ),
                name="reporting_item_kind_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(("narrative", ""), _negated=True), name="reporting_report_narrative_given"
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("full_name", ""), _negated=True),
                    ("anonymised_at__isnull", False),
                    _connector="OR",
                ),
                name="reporting_report_name_given",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("address", ""), _negated=True),
                    ("anonymised_at__isnull", False),
                    _connector="OR",
                ),
                name="reporting_report_address_given",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("follow_up", "phone"), _negated=True),
                    models.Q(("phone", ""), _negated=True),
                    ("anonymised_at__isnull", False),
                    _connector="OR",
                ),
                name="reporting_report_phone_call_has_number",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("follow_up", "visit"), _negated=True),
                    models.Q(("phone", ""), _negated=True),
                    models.Q(("home_address", ""), _negated=True),
                    ("anonymised_at__isnull", False),
                    _connector="OR",
                ),
                name="reporting_report_visit_can_be_arranged",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["theft", "damage", "both"])),
                name="reporting_report_kind_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(("channel__in", ["online", "phone", "in_person"])),
                name="reporting_report_channel_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(("follow_up__in", ["online", "phone", "visit"])),
                name="reporting_report_follow_up_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "place_type__in",
                        ["home", "apartment", "business", "vehicle", "street", "park", "transit", "other"],
                    )
                ),
                name="reporting_report_place_type_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="visit",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                expressions=[
                    (
                        models.Func(
                            models.F("staff"),
                            models.F("staff"),
                            models.Value("[]"),
                            function="int4range",
                            output_field=django.contrib.postgres.fields.ranges.IntegerRangeField(),
                        ),
                        "&&",
                    ),
                    (
                        models.Func(
                            models.Func(
                                models.Value("America/Chicago"),
                                models.ExpressionWrapper(
                                    django.db.models.expressions.CombinedExpression(
                                        models.F("date"), "+", models.F("window_start")
                                    ),
                                    output_field=models.DateTimeField(),
                                ),
                                function="timezone",
                                output_field=models.DateTimeField(),
                            ),
                            models.Func(
                                models.Value("America/Chicago"),
                                models.ExpressionWrapper(
                                    django.db.models.expressions.CombinedExpression(
                                        models.F("date"), "+", models.F("window_end")
                                    ),
                                    output_field=models.DateTimeField(),
                                ),
                                function="timezone",
                                output_field=models.DateTimeField(),
                            ),
                            function="tstzrange",
                            output_field=django.contrib.postgres.fields.ranges.DateTimeRangeField(),
                        ),
                        "&&",
                    ),
                ],
                name="reporting_visit_staff_not_double_booked",
                violation_error_message="This staff member already has a visit at that time. Choose another time or someone else.",
            ),
        ),
        migrations.RunSQL(CUSTODY_AFTER_COLLECTION, DROP_CUSTODY_AFTER_COLLECTION),
    ]

from django.db import migrations

APPEND_ONLY_TABLES = ["reporting_historyentry", "reporting_custodytransfer", "reporting_exportrecord"]

FUNCTION = """
CREATE FUNCTION reporting_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def trigger(table):
    return (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION reporting_refuse_change();"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE reporting_report_reference_seq;",
            "DROP SEQUENCE reporting_report_reference_seq;",
        ),
        migrations.RunSQL(
            "CREATE SEQUENCE reporting_report_case_number_seq;",
            "DROP SEQUENCE reporting_report_case_number_seq;",
        ),
        migrations.RunSQL(FUNCTION, "DROP FUNCTION reporting_refuse_change();"),
        *[
            migrations.RunSQL(trigger(table), f"DROP TRIGGER {table}_append_only ON {table};")
            for table in APPEND_ONLY_TABLES
        ],
    ]

from django.db import migrations

# History, the record of staff views and the record of exports stay append-only. Besides deleting
# a deleted report's history (migration 0008), the retention schedule may rewrite, in a
# transaction that sets `reporting.retention_scrub`, only the columns where a resident's details
# are copied: a history entry's text, an access record's search and filters, an export's filters.
# Any other change to such a row, or to any other append-only table, is still refused.
REFUSE_CHANGE_WITH_SCRUB = """
CREATE OR REPLACE FUNCTION reporting_refuse_change() RETURNS trigger AS $$
DECLARE
    scrubbed text[] := CASE TG_TABLE_NAME
        WHEN 'reporting_historyentry' THEN ARRAY['text']
        WHEN 'reporting_accessrecord' THEN ARRAY['search', 'filters']
        WHEN 'reporting_exportrecord' THEN ARRAY['filters']
    END;
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME IN ('reporting_historyentry', 'reporting_accessrecord')
            AND current_setting('reporting.retention_delete', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND scrubbed IS NOT NULL
            AND current_setting('reporting.retention_scrub', true) = 'on'
            AND to_jsonb(NEW) - scrubbed = to_jsonb(OLD) - scrubbed THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""

# As migration 0008 left it.
REFUSE_CHANGE_WITH_RETENTION = """
CREATE OR REPLACE FUNCTION reporting_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME IN ('reporting_historyentry', 'reporting_accessrecord')
            AND current_setting('reporting.retention_delete', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0019_pin_permissions"),
    ]

    operations = [migrations.RunSQL(REFUSE_CHANGE_WITH_SCRUB, REFUSE_CHANGE_WITH_RETENTION)]

from django.db import migrations

from accounts.roles import sync_roles

FUNCTION = """
CREATE FUNCTION accounts_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER = (
    "CREATE TRIGGER accounts_signinevent_append_only BEFORE UPDATE OR DELETE ON accounts_signinevent "
    "FOR EACH ROW EXECUTE FUNCTION accounts_refuse_change();"
)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_sign_in_events"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION accounts_refuse_change();"),
        migrations.RunSQL(TRIGGER, "DROP TRIGGER accounts_signinevent_append_only ON accounts_signinevent;"),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]

from django.db import migrations

from publicsite.cache import watch_app_tables


def create_version_row(apps, schema_editor):
    apps.get_model("publicsite", "ContentVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("publicsite", "0001_content"),
        ("pilots", "0003_opi_staff_permissions"),
    ]

    operations = [
        migrations.RunPython(create_version_row, migrations.RunPython.noop),
        migrations.RunPython(*watch_app_tables("publicsite")),
        migrations.RunPython(*watch_app_tables("pilots")),
    ]

from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("publicsite", "0002_watch_content_tables"),
        ("accounts", "0001_staff_groups"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]

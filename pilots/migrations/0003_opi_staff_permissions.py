from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("pilots", "0002_initial_content"),
        ("accounts", "0001_staff_groups"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]

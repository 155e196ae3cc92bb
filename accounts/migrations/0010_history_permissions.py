from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_hashed_recovery_codes"),
        ("audit", "0001_history"),
        ("pilots", "0006_history"),
        ("publicsite", "0005_history"),
        ("reporting", "0007_history_and_access_records"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]

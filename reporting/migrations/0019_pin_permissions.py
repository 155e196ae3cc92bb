from django.db import migrations

from accounts.roles import sync_roles


class Migration(migrations.Migration):
    """Report takers and Supervisors get the permissions for the records of PINs given and of
    wrong tries (accounts.roles)."""

    dependencies = [
        ("reporting", "0018_pins_drawn_by_the_city"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]

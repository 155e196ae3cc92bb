# The rate limits' model now lives in core (core 0001 renamed its table); reporting forgets it.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("reporting", "0035_daily_figures"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RateLimit")],
        ),
    ]

from django.db import migrations

from publicsite.cache import watch_tables


class Migration(migrations.Migration):
    """The City sites page shows each site's walk-in hours: a change to them is a change of content."""

    dependencies = [
        ("publicsite", "0014_help_finder_lists_the_city_sites"),
        ("reporting", "0023_staff_availability"),
    ]

    operations = [migrations.RunPython(*watch_tables(lambda apps: ["reporting_availability"]))]

from django.db import migrations

from publicsite.cache import watch_app_tables


class Migration(migrations.Migration):
    """Program pages show measures, progress updates and recommendations: changing one is a
    change of content."""

    dependencies = [
        ("publicsite", "0015_walk_in_hours_are_public"),
        ("pilots", "0013_measures_progress_updates_recommendations"),
    ]

    operations = [migrations.RunPython(*watch_app_tables("pilots"))]

"""Population shares name their groups by the codes of the report form's questions
(reporting.demographics), so that they line up with the figures counted from reports.

The seeded share was "BIPOC", which no form answer matches. The City's figure is that BIPOC
residents are about 37% of the population, so the one answer it gives a share for is "White",
the other 63%.
"""

from django.db import migrations

OLD = {"dimension": "race", "category": "BIPOC"}
NEW = {"dimension": "race_ethnicity", "category": "white"}
SOURCE = "City of Minneapolis: BIPOC residents are about 37% of the population"


def to_form_categories(apps, schema_editor):
    PopulationShare = apps.get_model("publicsite", "PopulationShare")
    if PopulationShare.objects.filter(**OLD).delete()[0]:
        PopulationShare.objects.update_or_create(**NEW, defaults={"percent": "63.0", "source": SOURCE})


def to_bipoc(apps, schema_editor):
    PopulationShare = apps.get_model("publicsite", "PopulationShare")
    if PopulationShare.objects.filter(**NEW, source=SOURCE).delete()[0]:
        PopulationShare.objects.create(**OLD, percent="37.0", source="City of Minneapolis")


class Migration(migrations.Migration):
    dependencies = [
        ("publicsite", "0005_history"),
    ]

    operations = [migrations.RunPython(to_form_categories, to_bipoc)]

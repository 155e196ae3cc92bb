"""The seeded Hmong hours of 311 and OPI named the weekdays in English ("Hnub Monday – Hnub
Friday"); Hmong names them by number, as the catalogs do ("Hnub Ib – Hnub Tsib").

Only hours still as seeded change, so staff edits stay.
"""

from django.db import migrations

HOURS = [
    (
        "7 teev sawv ntxov – 7 teev tsaus ntuj, Hnub Monday – Hnub Friday",
        "7 teev sawv ntxov – 7 teev tsaus ntuj, Hnub Ib – Hnub Tsib",
    ),
    (
        "8 teev sawv ntxov – 4:30 teev tav su, Hnub Monday – Hnub Friday",
        "8 teev sawv ntxov – 4:30 teev tav su, Hnub Ib – Hnub Tsib",
    ),
]


def _replace(apps, pairs) -> None:
    Office = apps.get_model("publicsite", "Office")
    for before, after in pairs:
        Office.objects.filter(hours_hmn=before).update(hours_hmn=after)


def name_weekdays_in_hmong(apps, schema_editor):
    _replace(apps, HOURS)


def name_them_as_before(apps, schema_editor):
    _replace(apps, [(after, before) for before, after in HOURS])


class Migration(migrations.Migration):
    dependencies = [("publicsite", "0010_seeded_content_says_only_what_the_city_says")]

    operations = [migrations.RunPython(name_weekdays_in_hmong, name_them_as_before)]

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Replace

WAITING = ["submitted", "needs_info"]
# The words locale/terms.csv avoids, in the reasons first seeded (migration 0004), and the chosen
# ones that replace them wherever a reason still has them.
CHOSEN_WORDS = {
    "so": [
        ("Waxyeelo hantida", "Waxyeellada hantida"),
        ("waxyeelo hanti", "waxyeello hanti"),
        ("Xakamaynta Gaadiidka", "Xakamaynta Taraafikada"),
    ],
    "hmn": [("kev ua puas khoom", "kev puas tsuaj rau khoom"), ("Tswj Tsheb", "Tswj Kev Tsheb")],
}


def decision_that_stands(apps, schema_editor):
    """Reports reopened before `decided_at` followed the decision that stands: a waiting report
    has none, and a decided one takes the time of its own decision from the history."""
    Report = apps.get_model("reporting", "Report")
    HistoryEntry = apps.get_model("reporting", "HistoryEntry")
    Report.objects.filter(status__in=WAITING, case_number="", decided_at__isnull=False).update(
        decided_at=None
    )
    decisions = HistoryEntry.objects.filter(report=OuterRef("pk"), kind="status", from_status__in=WAITING)
    # The case number's acceptance; a reopened accepted report has later entries to "accepted".
    accepted = decisions.filter(to_status="accepted").order_by("created_at", "id").values("created_at")[:1]
    Report.objects.exclude(case_number="").filter(models.Exists(accepted)).update(
        decided_at=Subquery(accepted)
    )
    for status in ("referred", "declined"):
        latest = decisions.filter(to_status=status).order_by("-created_at", "-id").values("created_at")[:1]
        Report.objects.filter(status=status).filter(models.Exists(latest)).update(decided_at=Subquery(latest))


def chosen_words(apps, schema_editor):
    """The reasons' Somali and Hmong texts say each concept with the word locale/terms.csv chose."""
    Reason = apps.get_model("reporting", "Reason")
    for language, words in CHOSEN_WORDS.items():
        for field in (f"label_{language}", f"explanation_{language}"):
            for avoided, chosen in words:
                Reason.objects.filter(**{f"{field}__contains": avoided}).update(
                    **{field: Replace(F(field), Value(avoided), Value(chosen))}
                )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0016_staff_corrections"),
    ]

    operations = [
        migrations.AlterField(
            model_name="report",
            name="decided_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the decision that stands was made; empty while a reopened report waits for a new one.",
                null=True,
                verbose_name="decided at",
            ),
        ),
        migrations.RunPython(decision_that_stands, migrations.RunPython.noop),
        migrations.RunPython(chosen_words, migrations.RunPython.noop),
    ]

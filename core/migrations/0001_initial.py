# The rate limits' table moves here from reporting (reporting 0036 drops it from reporting's state):
# the table, its constraint and its index are renamed, and the counts in them kept.

from django.db import migrations, models

RENAMES = [
    "ALTER TABLE reporting_ratelimit RENAME TO core_ratelimit",
    "ALTER TABLE core_ratelimit RENAME CONSTRAINT reporting_ratelimit_one_row_per_window "
    "TO core_ratelimit_one_row_per_window",
    "ALTER INDEX reporting_ratelimit_window_idx RENAME TO core_ratelimit_window_idx",
]
BACK = [
    "ALTER INDEX core_ratelimit_window_idx RENAME TO reporting_ratelimit_window_idx",
    "ALTER TABLE core_ratelimit RENAME CONSTRAINT core_ratelimit_one_row_per_window "
    "TO reporting_ratelimit_one_row_per_window",
    "ALTER TABLE core_ratelimit RENAME TO reporting_ratelimit",
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("reporting", "0035_daily_figures"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(RENAMES, BACK)],
            state_operations=[
                migrations.CreateModel(
                    name="RateLimit",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(max_length=100)),
                        ("window_start", models.DateTimeField()),
                        ("count", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "indexes": [models.Index(fields=["window_start"], name="core_ratelimit_window_idx")],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("key", "window_start"), name="core_ratelimit_one_row_per_window"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]

from django.db import migrations

from accounts.roles import sync_roles

# The residents' survey after a report's final status (issue #26): whether staff were
# respectful, whether the time it took was reasonable, whether the follow-up wanted was given,
# and a comment. Staff may reword it in the admin; the measures read its answers by question.
TITLE = {
    "en": "Tell us how it went",
    "es": "Cuéntenos cómo le fue",
    "so": "Noo sheeg sidii ay u dhacday",
    "hmn": "Qhia rau peb seb nws mus li cas",
}
QUESTIONS = [
    (
        "agree",
        {
            "en": "City staff treated me with respect.",
            "es": "El personal de la Ciudad me trató con respeto.",
            "so": "Shaqaalaha Magaaladu waxay iila dhaqmeen si ixtiraam leh.",
            "hmn": "Cov neeg ua haujlwm ntawm Lub Nroog tau hwm kuv.",
        },
    ),
    (
        "agree",
        {
            "en": "The time it took was reasonable.",
            "es": "El tiempo que tomó fue razonable.",
            "so": "Waqtiga ay qaadatay wuu macquul ahaa.",
            "hmn": "Lub sijhawm nws siv yog tsim nyog.",
        },
    ),
    (
        "yes-partly-no",
        {
            "en": "Did you get the follow-up you wanted?",
            "es": "¿Recibió el seguimiento que quería?",
            "so": "Ma heshay la-socodkii aad rabtay?",
            "hmn": "Koj puas tau txais kev saib xyuas tom qab raws li koj xav tau?",
        },
    ),
    (
        "comment",
        {
            "en": "Is there anything else you want to tell us?",
            "es": "¿Hay algo más que quiera decirnos?",
            "so": "Ma jiraa wax kale oo aad rabto inaad noo sheegto?",
            "hmn": "Puas muaj dab tsi ntxiv uas koj xav qhia rau peb?",
        },
    ),
]


def seed(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    Question = apps.get_model("surveys", "Question")
    survey = Survey.objects.create(
        audience="residents", title=TITLE["en"], **{f"title_{code}": text for code, text in TITLE.items()}
    )
    for position, (kind, text) in enumerate(QUESTIONS, start=1):
        Question.objects.create(
            survey=survey,
            kind=kind,
            position=position,
            text=text["en"],
            **{f"text_{code}": words for code, words in text.items()},
        )


def unseed(apps, schema_editor):
    apps.get_model("surveys", "Survey").objects.filter(audience="residents", responses__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_surveys_invitations_responses"),
        ("accounts", "0001_staff_groups"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]

from django.db import migrations

from publicsite.translation_queue import track_translations

# The surveys' translated fields, as surveys/translation.py has them: the residents' questions
# are read in four languages, so their translations wait in the queue like the other content.
TRANSLATED_FIELDS = {
    "surveys_survey": ["title"],
    "surveys_question": ["text"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("publicsite", "0018_translation_queue"),
        ("surveys", "0002_residents_survey_and_roles"),
    ]

    operations = [
        migrations.RunPython(*track_translations(TRANSLATED_FIELDS)),
    ]

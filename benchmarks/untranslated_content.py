"""Share of the pilots' and public site's content words a Spanish, Somali or Hmong reader gets
in English, because the field has no text in their language (publicsite.fallback), and what the
translation queue holds for each language (publicsite.translation_queue; it also holds the
reporting lists' texts, which are not counted in the words).

    .venv/bin/python benchmarks/untranslated_content.py

It migrates the database the project would use (the embedded PostgreSQL unless DATABASE_URL is
set) and counts what is in it: on a fresh database, the seeded content; after `make run`, the
demo data too.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from publicsite.fallback import english_only_words
    from publicsite.models import TranslationStatus

    for code, name in settings.LANGUAGES:
        if code == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
            continue
        english_only, total = english_only_words([code])
        print(f"{name:<10} {english_only:>6} of {total:>6} words English-only ({english_only / total:.1%})")
        waiting = TranslationStatus.objects.waiting().filter(language=code)
        missing = waiting.filter(state=TranslationStatus.State.MISSING).count()
        print(f"{'':<10} {waiting.count():>6} texts in the queue, {missing} of them not translated")
    english_only, total = english_only_words()
    print(f"{'all':<10} {english_only:>6} of {total:>6} words English-only ({english_only / total:.1%})")


if __name__ == "__main__":
    main()

"""Which staff-edited texts are shown in English because the reader's language has none yet."""

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.translator import translator


def shown_in_english(obj, *fields: str) -> bool:
    """True when one of the object's fields falls back to English in the current language."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if get_language() == default:
        return False
    return any(getattr(obj, f"{field}_{default}") and not obj.is_translated(field) for field in fields)


def any_shown_in_english(objects: Iterable, *fields: str) -> bool:
    return any(shown_in_english(obj, *fields) for obj in objects)


def english_only_words(languages: Iterable[str] | None = None) -> tuple[int, int]:
    """How many words of the pilots' and public site's translatable content a reader of the
    given languages (every language but English by default) gets in English, and how many words
    they read in all: (English-only, total)."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    others = list(languages or (code for code, _name in settings.LANGUAGES if code != default))
    english_only = total = 0
    for model in translator.get_registered_models():
        if model._meta.app_label not in ("pilots", "publicsite"):
            continue
        fields = list(translator.get_options_for_model(model).fields)
        columns = [f"{field}_{language}" for field in fields for language in [default, *others]]
        for row in model.objects.values(*columns):
            for field in fields:
                words = len((row[f"{field}_{default}"] or "").split())
                total += words * len(others)
                english_only += words * sum(1 for language in others if not row[f"{field}_{language}"])
    return english_only, total

"""Which staff-edited texts are shown in English because the reader's language has none yet."""

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import get_language


def shown_in_english(obj, *fields: str) -> bool:
    """True when one of the object's fields falls back to English in the current language."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if get_language() == default:
        return False
    return any(getattr(obj, f"{field}_{default}") and not obj.is_translated(field) for field in fields)


def any_shown_in_english(objects: Iterable, *fields: str) -> bool:
    return any(shown_in_english(obj, *fields) for obj in objects)

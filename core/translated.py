"""Content staff translate per field (django-modeltranslation), and the staff's own language,
in any app."""

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname, get_language


def in_staff_language():
    """What is written for staff (a history entry, a notice, a packet) is in the staff's language,
    whichever language the resident whose action it follows was using."""
    return translation.override(settings.LANGUAGE_CODE)


class TranslatedContent:
    """Models whose texts staff translate per field (each app's translation.py)."""

    def is_translated(self, field: str, language: str | None = None) -> bool:
        """Whether the field has its own text in the language (the active one by default), so a
        page can say when it falls back to English."""
        return bool(getattr(self, build_localized_fieldname(field, language or get_language()), None))

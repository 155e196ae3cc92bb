"""Content staff translate per field (django-modeltranslation), in any app."""

from modeltranslation.utils import build_localized_fieldname, get_language


class TranslatedContent:
    """Models whose texts staff translate per field (each app's translation.py)."""

    def is_translated(self, field: str, language: str | None = None) -> bool:
        """Whether the field has its own text in the language (the active one by default), so a
        page can say when it falls back to English."""
        return bool(getattr(self, build_localized_fieldname(field, language or get_language()), None))

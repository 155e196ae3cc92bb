from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self):
        # Tracking is declared once every app's models exist and modeltranslation has added the
        # per-language fields, so each history row holds every language of a translated field.
        from audit import tracking  # noqa: F401

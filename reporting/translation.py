"""Staff-edited wording that residents read, translated per field (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from reporting.models import MessageTemplate, Reason, Site


@register(MessageTemplate)
class MessageTemplateTranslation(TranslationOptions):
    fields = ("body",)


@register(Reason)
class ReasonTranslation(TranslationOptions):
    fields = ("label", "explanation", "destination_details")


@register(Site)
class SiteTranslation(TranslationOptions):
    fields = ("name", "room", "hours", "languages", "accessibility")
    required_languages = ("en",)

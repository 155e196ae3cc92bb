from modeltranslation.translator import TranslationOptions, register

from publicsite.models import GlossaryTerm, HelpDestination, Office, Resource


@register(GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ("term", "definition")


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Office)
class OfficeTranslation(TranslationOptions):
    fields = ("name", "description", "hours")


@register(HelpDestination)
class HelpDestinationTranslation(TranslationOptions):
    fields = ("title", "description")

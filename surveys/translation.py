"""The fields people read, translatable into every site language; English is the fallback."""

from modeltranslation.translator import TranslationOptions, register

from surveys.models import Question, Survey


@register(Survey)
class SurveyTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("en",)


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("en",)

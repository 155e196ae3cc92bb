"""The fields people read, translatable into every site language; English is the fallback."""

from modeltranslation.translator import TranslationOptions, register

from pilots.models import (
    Benefit,
    CouncilUpdate,
    Goal,
    Measure,
    Metric,
    Milestone,
    Partner,
    Phase,
    Program,
    ProgressUpdate,
    Recommendation,
)


@register(Program)
class ProgramTranslationOptions(TranslationOptions):
    fields = ("name", "summary", "description", "responders", "hours", "what_to_expect")
    required_languages = ("en",)


@register(Goal)
class GoalTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("en",)


@register(Benefit)
class BenefitTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("en",)


@register(Phase)
class PhaseTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(Milestone)
class MilestoneTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en",)


@register(CouncilUpdate)
class CouncilUpdateTranslationOptions(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ("en",)


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(Metric)
class MetricTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(Measure)
class MeasureTranslationOptions(TranslationOptions):
    fields = ("name", "status_note")
    required_languages = ("en",)


@register(ProgressUpdate)
class ProgressUpdateTranslationOptions(TranslationOptions):
    fields = ("narrative", "adjustments")
    required_languages = ("en",)


@register(Recommendation)
class RecommendationTranslationOptions(TranslationOptions):
    fields = ("findings", "reasons")
    required_languages = ("en",)

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.settings import AVAILABLE_LANGUAGES, DEFAULT_LANGUAGE

from core.admin import HTTPS_LINKS, PublishingAdmin, preview_url, publishing_fieldset
from core.spreadsheets import SpreadsheetMixin
from pilots import services
from pilots.models import (
    Benefit,
    CouncilUpdate,
    Goal,
    Measure,
    Metric,
    MetricValue,
    Milestone,
    Partner,
    Phase,
    Program,
    ProgressUpdate,
    Recommendation,
    ReviewRefused,
    StatusChange,
)
from pilots.resources import (
    METRIC_VALUE_COLUMNS,
    CouncilUpdateResource,
    MetricValueResource,
    MilestoneResource,
    ProgramResource,
    localized,
)
from surveys.models import Question

OTHER_LANGUAGES = [code for code in AVAILABLE_LANGUAGES if code != DEFAULT_LANGUAGE]


def translations(*names: str) -> tuple:
    """The fieldset of a model's translations, folded away: the English fields are above it."""
    return (
        _("Translations"),
        {
            "classes": ["collapse"],
            "description": _("Left empty, a translation shows the English text."),
            "fields": localized(*names, languages=OTHER_LANGUAGES),
        },
    )


class GoalInline(TranslationTabularInline):
    model = Goal
    extra = 0
    fields = ["position", "text"]


class BenefitInline(TranslationTabularInline):
    model = Benefit
    extra = 0
    fields = ["position", "text"]


class PhaseInline(TranslationTabularInline):
    model = Phase
    extra = 0
    fields = ["kind", "name", "starts_on", "ends_on", "date_precision"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "changed_by"]
    readonly_fields = fields
    verbose_name_plural = _("status history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("program", "changed_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Program)
class ProgramAdmin(SpreadsheetMixin, PublishingAdmin, TranslationAdmin):
    resource_classes = [ProgramResource]
    list_display = [
        "name",
        "code",
        "category",
        "opi_role",
        "status",
        "status_changed_on",
        "status_is_inferred",
        "status_date_is_inferred",
    ]
    list_filter = [
        "status",
        "status_is_inferred",
        "status_date_is_inferred",
        "category",
        "opi_role",
        "kind",
    ]
    search_fields = ["code", *localized("name", "summary")]
    ordering = ["position", "name"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["partners"]
    inlines = [GoalInline, BenefitInline, PhaseInline, StatusChangeInline]
    fieldsets = [
        (None, {"fields": ["code", "name_en", "slug", "summary_en", "description_en", "source_note"]}),
        (_("Kind"), {"fields": ["category", "opi_role", "kind", "position"]}),
        (
            _("Status"),
            {
                "fields": ["status", "status_is_inferred", "status_changed_on", "status_date_is_inferred"],
                "description": _("Changing the status records who changed it and when."),
            },
        ),
        (_("Response"), {"fields": ["responders_en", "hours_en", "what_to_expect_en", "partners"]}),
        (_("Dates"), {"fields": ["starts_on", "ends_on"]}),
        publishing_fieldset(),
        translations("name", "summary", "description", "responders", "hours", "what_to_expect"),
    ]

    def save_model(self, request, obj, form, change):
        new_status = obj.status
        if change and "status" in form.changed_data:
            # Saved with the old status; the service moves it and records the change.
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        if obj.status != new_status:
            changed_on = obj.status_changed_on if "status_changed_on" in form.changed_data else None
            services.change_status(obj, new_status, by=request.user, on=changed_on)


@admin.register(Partner)
class PartnerAdmin(TranslationAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["short_name", *localized("name")]
    ordering = ["name"]


@admin.register(Phase)
class PhaseAdmin(PublishingAdmin, TranslationAdmin):
    list_display = ["name", "program", "kind", "starts_on", "ends_on"]
    list_select_related = ["program"]
    list_filter = ["kind"]
    search_fields = ["program__code", *localized("name")]
    ordering = ["starts_on", "ends_on"]
    date_hierarchy = "starts_on"


class ProgramLinkedAdmin(SpreadsheetMixin, PublishingAdmin, TranslationAdmin):
    """Timeline entries and Council updates: dated, linked to programs, kept in spreadsheets."""

    # A box per program: the City runs a handful, and boxes work by keyboard and without scripts.
    formfield_overrides = {**HTTPS_LINKS, models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


@admin.register(Milestone)
class MilestoneAdmin(ProgramLinkedAdmin):
    resource_classes = [MilestoneResource]
    list_display = ["title", "occurred_on", "date_precision", "kind"]
    list_filter = ["kind", "date_precision"]
    search_fields = localized("title", "description")
    ordering = ["-occurred_on"]
    date_hierarchy = "occurred_on"


@admin.register(CouncilUpdate)
class CouncilUpdateAdmin(ProgramLinkedAdmin):
    resource_classes = [CouncilUpdateResource]
    list_display = ["title", "presented_on", "has_slides"]
    search_fields = localized("title", "summary")
    ordering = ["-presented_on"]
    date_hierarchy = "presented_on"

    @admin.display(description=_("slides"), boolean=True)
    def has_slides(self, obj):
        return bool(obj.slides)


@admin.register(Metric)
class MetricAdmin(TranslationAdmin):
    list_display = ["name", "drafts", "code", "program", "unit", "is_public", "is_demo", "value_count"]
    list_select_related = ["program"]
    list_filter = ["is_public", "is_demo", "unit", "program"]
    search_fields = ["code", *localized("name")]
    ordering = ["code"]
    actions = ["publish_values"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                value_count=Count("values"), draft_count=Count("values", filter=Q(values__is_published=False))
            )
        )

    @admin.display(description=_("values"), ordering="value_count")
    def value_count(self, obj):
        return obj.value_count

    @admin.display(description=_("waiting to be published"), ordering="draft_count")
    def drafts(self, obj):
        """How many of its values are drafts, as a link to the preview of its program's page with them."""
        if not obj.draft_count:
            return "—"
        # One link, with no text around it: a link inside text would need more than its colour.
        label = ngettext(
            "Preview the %(count)d value waiting to be published",
            "Preview the %(count)d values waiting to be published",
            obj.draft_count,
        ) % {"count": obj.draft_count}
        return format_html('<a href="{}">{}</a>', preview_url(obj), label)

    def has_publish_values_permission(self, request):
        return request.user.has_perm("pilots.change_metricvalue")

    @admin.action(
        description=_("Publish the waiting values of selected metrics"), permissions=["publish_values"]
    )
    def publish_values(self, request, queryset):
        count = services.publish_metric_values(
            MetricValue.objects.filter(metric__in=queryset), by=request.user
        )
        self.message_user(
            request,
            ngettext("%(count)d value published.", "%(count)d values published.", count) % {"count": count},
            messages.SUCCESS,
        )


# The breakdown filter's value for totals (a breakdown's name is never blank).
TOTALS = "-"


class BreakdownFilter(admin.SimpleListFilter):
    """The breakdowns in use, and totals (no breakdown) named as such rather than as a blank."""

    title = _("breakdown")
    parameter_name = "breakdown_dimension"

    def lookups(self, request, model_admin):
        dimensions = MetricValue.objects.values_list("breakdown_dimension", flat=True)
        return [
            (dimension or TOTALS, dimension or _("Totals (no breakdown)"))
            for dimension in dimensions.order_by("breakdown_dimension").distinct()
        ]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(breakdown_dimension="" if self.value() == TOTALS else self.value())


@admin.register(MetricValue)
class MetricValueAdmin(SpreadsheetMixin, PublishingAdmin):
    resource_classes = [MetricValueResource]
    list_display = [*METRIC_VALUE_COLUMNS, "imported_by", "published_by"]
    list_select_related = ["metric", "imported_by", "published_by"]
    list_filter = ["metric__program", BreakdownFilter]
    search_fields = ["metric__code", "breakdown_category"]
    ordering = ["-period_start", "metric__code"]
    date_hierarchy = "period_start"
    # Published only through the action, which records who published them.
    readonly_fields = ["is_published", "publish_at", "imported_by", "published_by"]

    def save_model(self, request, obj, form, change):
        if not change or "value" in form.changed_data:
            # A new or changed figure waits as a draft, as an imported one does.
            obj.is_published, obj.imported_by, obj.published_by = False, request.user, None
        super().save_model(request, obj, form, change)

    def add_success_message(self, result, request):
        super().add_success_message(result, request)
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("The imported values are drafts, not yet public."),
                reverse("admin:pilots_metric_changelist"),
                _("Preview and publish them from the list of metrics."),
            ),
            messages.WARNING,
        )

    @admin.action(description=_("Publish selected now"), permissions=["change"])
    def publish_selected(self, request, queryset):
        count = services.publish_metric_values(queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d value published.", "%(count)d values published.", count) % {"count": count},
            messages.SUCCESS,
        )


class GoalChoiceField(forms.ModelChoiceField):
    """Goals named with their program's code: goals of different programs can read alike."""

    def label_from_instance(self, obj):
        return f"{obj.program.code or obj.program.name}: {obj.text}"


class QuestionChoiceField(forms.ModelChoiceField):
    """Questions named with their survey's title: two surveys can ask alike."""

    def label_from_instance(self, obj):
        return f"{obj.survey}: {obj.text}"


@admin.register(Measure)
class MeasureAdmin(PublishingAdmin, TranslationAdmin):
    list_display = [
        "name",
        "goal",
        "metric",
        "report_figure",
        "survey_question",
        "baseline",
        "target",
        "due_on",
        "is_demo",
    ]
    list_select_related = ["goal", "metric", "survey_question"]
    list_filter = ["is_demo", "goal__program"]
    search_fields = ["goal__program__code", *localized("name")]
    ordering = ["goal__program__position", "goal__position", "position"]
    fieldsets = [
        (None, {"fields": ["goal", "name_en", "position", "is_demo"]}),
        (
            _("Figure"),
            {
                "fields": ["metric", "report_figure", "survey_question", "survey_figure", "direction"],
                "description": _(
                    "One of: a metric imported for the program, one of R4's figures from reports, or "
                    "a survey question's answers."
                ),
            },
        ),
        (
            _("Baseline and target"),
            {"fields": ["baseline", "baseline_start", "baseline_end", "target", "due_on"]},
        ),
        (
            _("Status"),
            {
                "fields": ["status_note_en"],
                "description": _(
                    "The status is worked out from the latest figure, the baseline, the target and its "
                    "due date; say here in one line why it stands there, missed targets included."
                ),
            },
        ),
        publishing_fieldset(),
        translations("name", "status_note"),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "goal":
            kwargs["queryset"] = Goal.objects.select_related("program").order_by(
                "program__position", "position"
            )
            return GoalChoiceField(**kwargs)
        if db_field.name == "survey_question":
            # Comments are never figures (Measure.clean).
            kwargs["queryset"] = Question.objects.exclude(kind=Question.Kind.COMMENT).select_related("survey")
            kwargs["form_class"] = QuestionChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(PublishingAdmin, TranslationAdmin):
    list_display = ["program", "period_start", "period_end", "status", "author", "reviewed_by"]
    list_select_related = ["program", "author", "reviewed_by"]
    list_filter = ["status", "program"]
    search_fields = ["program__code", *localized("narrative", "adjustments")]
    ordering = ["-period_end", "program__position"]
    date_hierarchy = "period_end"
    readonly_fields = ["author", "reviewed_by", "reviewed_at", "is_published"]
    actions = ["publish_selected", "withdraw_selected"]
    fieldsets = [
        (None, {"fields": ["program", "period_start", "period_end", "status"]}),
        (_("What happened"), {"fields": ["narrative_en", "adjustments_en"]}),
        (
            _("Review and publishing"),
            {
                "fields": ["publish_at", "author", "reviewed_by", "reviewed_at", "is_published"],
                "description": _(
                    "Another OPI member reviews the update and publishes it with the action on the list "
                    "of updates. Editing a published update takes it off the site until it is reviewed again."
                ),
            },
        ),
        translations("narrative", "adjustments"),
    ]

    def has_publish_permission(self, request):
        return request.user.has_perm("pilots.publish_progressupdate")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)
        if change and obj.is_published and form.has_changed():
            services.withdraw_update(obj)
            self.message_user(
                request,
                _("The update was changed after its review: it is off the site until it is reviewed again."),
                messages.WARNING,
            )

    @admin.action(description=_("Review and publish selected updates"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        published = 0
        for update in queryset.filter(is_published=False):
            try:
                services.publish_update(update, by=request.user)
            except ReviewRefused as refusal:
                self.message_user(request, f"{update}: {refusal}", messages.ERROR)
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext("%(count)d update published.", "%(count)d updates published.", published)
                % {"count": published},
                messages.SUCCESS,
            )

    @admin.action(description=_("Withdraw selected updates"), permissions=["change"])
    def withdraw_selected(self, request, queryset):
        updates = list(queryset.filter(is_published=True))
        for update in updates:
            services.withdraw_update(update)
        self.message_user(
            request,
            ngettext("%(count)d update withdrawn.", "%(count)d updates withdrawn.", len(updates))
            % {"count": len(updates)},
            messages.SUCCESS,
        )


class RecommendationForm(forms.ModelForm):
    """The evidence is measures of the program recommended on, and of no other."""

    def clean(self):
        cleaned = super().clean()
        program = cleaned.get("program")
        others = [
            measure
            for measure in cleaned.get("evidence", [])
            if program and measure.goal.program_id != program.pk
        ]
        if others:
            self.add_error(
                "evidence",
                _("Choose measures of this program only; not: %(names)s.")
                % {"names": ", ".join(map(str, others))},
            )
        return cleaned


@admin.register(Recommendation)
class RecommendationAdmin(PublishingAdmin, TranslationAdmin):
    form = RecommendationForm
    list_display = ["program", "decision"]
    list_select_related = ["program"]
    list_filter = ["decision"]
    search_fields = ["program__code", *localized("findings", "reasons")]
    ordering = ["-publish_at"]
    date_hierarchy = "publish_at"
    # A box per measure: a program has a handful, and boxes work by keyboard and without scripts.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    fieldsets = [
        (None, {"fields": ["program", "findings_en", "decision", "reasons_en"]}),
        # Said above the boxes: Django's admin points them at a help text it gives no id.
        (
            _("Evidence"),
            {"fields": ["evidence"], "description": _("The program's measures the recommendation rests on.")},
        ),
        publishing_fieldset(),
        translations("findings", "reasons"),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "evidence":
            kwargs["queryset"] = Measure.objects.select_related("goal__program")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

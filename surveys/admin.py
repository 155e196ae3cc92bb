"""Staff pages of the surveys: OPI keeps the surveys and makes batches of single-use links for a
training; OPI and Supervisors read the answers, comments included. Answers are anonymous, so
reading them is not an access to a resident's data (docs/decisions/surveys.md); nobody edits one."""

import csv
import io

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from surveys import services
from surveys.forms import BatchForm
from surveys.models import Answer, Question, Response, Survey


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 0
    fields = ["position", "text", "kind"]


@admin.register(Survey)
class SurveyAdmin(TranslationAdmin):
    list_display = ["title", "audience", "is_open", "response_count"]
    list_filter = ["audience", "is_open"]
    search_fields = ["title"]
    ordering = ["title"]
    fields = ["title", "audience", "is_open", "links"]
    readonly_fields = ["links"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(response_count=Count("responses"))

    @admin.display(description=_("responses"), ordering="response_count")
    def response_count(self, survey):
        return survey.response_count

    @admin.display(description=_("single-use links"))
    def links(self, survey):
        if survey.pk is None:
            return _("Once the survey is saved, a training's links are made here.")
        if survey.audience != Survey.Audience.TRAINING:
            return _("The residents' links are made with the messages that tell them of a final decision.")
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:surveys_survey_links", args=[survey.pk]), _("Make links")
        )

    def get_urls(self):
        links = self.admin_site.admin_view(self.links_view)
        return [path("<int:survey_id>/links/", links, name="surveys_survey_links"), *super().get_urls()]

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def links_view(self, request, survey_id: int):
        """A batch of single-use links to a training's survey: shown once on the page (to print),
        or as a CSV file; only their hashes are kept, so a lost batch is made again, not found."""
        if not request.user.has_perm("surveys.add_invitation"):
            raise PermissionDenied
        survey = get_object_or_404(Survey.objects.filter(audience=Survey.Audience.TRAINING), pk=survey_id)
        form = BatchForm(request.POST if request.method == "POST" else None)
        links = []
        if form.is_valid():
            links = _urls(services.invite(survey, form.cleaned_data["count"]))
            if "csv" in request.POST:
                return _links_csv(survey, links)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Single-use links: %(survey)s") % {"survey": survey},
            "survey": survey,
            "form": form,
            "links": links,
        }
        return TemplateResponse(request, "admin/surveys/links.html", context)


def _urls(tokens: list[str]) -> list[str]:
    # The link opens the survey in English, where a language link leads to the other three.
    with translation.override(settings.LANGUAGE_CODE):
        return [settings.SITE_URL.rstrip("/") + reverse("surveys:answer", args=[token]) for token in tokens]


def _links_csv(survey: Survey, links: list[str]) -> HttpResponse:
    content = io.StringIO()
    writer = csv.writer(content)
    writer.writerow([_("Link"), _("Survey")])
    writer.writerows([link, survey.title] for link in links)
    response = HttpResponse(content.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-links.csv"'
    return response


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["question", "answer"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")

    @admin.display(description=_("answer"))
    def answer(self, answer):
        return dict(answer.question.choices).get(answer.value, answer.comment)


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """The answers, a month at a time. No column shows a response's language: in a month with few
    answers in one language it would point at a person (docs/decisions/surveys.md)."""

    list_display = ["month_given", "survey", "comment"]
    list_filter = ["survey", "month"]
    search_fields = ["answers__comment"]
    ordering = ["-month", "id"]
    date_hierarchy = "month"
    list_select_related = ["survey"]
    fields = ["survey", "month_given"]
    readonly_fields = fields
    inlines = [AnswerInline]

    def get_queryset(self, request):
        comments = Prefetch("answers", Answer.objects.exclude(comment=""), to_attr="comments")
        return super().get_queryset(request).prefetch_related(comments)

    @admin.display(description=_("month"), ordering="month")
    def month_given(self, response):
        return date_format(response.month, "YEAR_MONTH_FORMAT")

    @admin.display(description=_("comment"))
    def comment(self, response):
        return " ".join(answer.comment for answer in response.comments)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

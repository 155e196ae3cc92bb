from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from core.admin import HTTPS_LINKS, PublishingAdmin
from publicsite import admin_views
from publicsite.forms import PopulationShareForm
from publicsite.models import GlossaryTerm, HelpDestination, Office, PopulationShare, Resource


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(PublishingAdmin, TranslationAdmin):
    list_display = ["term", "slug", "updated_at"]
    list_filter = ["updated_at"]
    search_fields = ["term", "definition"]
    ordering = ["term"]
    prepopulated_fields = {"slug": ["term_en"]}


@admin.register(Resource)
class ResourceAdmin(PublishingAdmin, TranslationAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = ["title", "kind", "published_on", "publisher"]
    list_filter = ["kind"]
    search_fields = ["title", "summary", "publisher"]
    ordering = ["-published_on"]
    date_hierarchy = "published_on"


@admin.register(Office)
class OfficeAdmin(PublishingAdmin, TranslationAdmin):
    list_display = ["name", "phone", "hours", "order"]
    list_filter = ["updated_at"]
    search_fields = ["name", "phone", "address"]
    ordering = ["order", "name"]


@admin.register(HelpDestination)
class HelpDestinationAdmin(TranslationAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = ["title", "situation", "office", "online_report", "order"]
    list_filter = ["situation", "online_report"]
    search_fields = ["title", "description"]
    ordering = ["situation", "order"]
    list_select_related = ["office"]


@admin.register(PopulationShare)
class PopulationShareAdmin(admin.ModelAdmin):
    form = PopulationShareForm
    list_display = ["dimension", "category", "percent", "source"]
    list_filter = ["dimension"]
    search_fields = ["dimension", "category", "source"]
    ordering = ["dimension", "category"]


# OPI's dashboard, a page of its own among the admin's (staff signed in with a second factor).
admin.site.register_page("pilot-figures/", admin_views.pilot_dashboard, "pilot-dashboard")
admin.site.register_page(
    "pilot-figures/<slug:table>.csv", admin_views.pilot_dashboard_csv, "pilot-dashboard-csv"
)
admin.site.register_page("council-report/", admin_views.council_report_page, "council-report")
admin.site.register_page("translations/", admin_views.translation_queue_page, "translation-queue")
admin.site.register_page(
    "translations/<int:pk>/reviewed/", admin_views.translation_reviewed, "translation-reviewed"
)
# Drafts and scheduled content on their public page, for staff who may change them (core.publishing).
admin.site.register_page("preview/<str:app_label>/<str:model_name>/<int:pk>/", admin_views.preview, "preview")

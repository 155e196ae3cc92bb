"""Admin pieces shared by the apps."""

from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.publishing import Publishable

# Links typed without a scheme are taken as https (Django 6 does so by default).
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


class AppendOnlyAdmin(admin.ModelAdmin):
    """For records only our code writes (history, sign-ins, exports, exit counts): staff read,
    never add, edit or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


PUBLISHING_FIELDS = ("is_published", "publish_at")


class PublicationFilter(admin.SimpleListFilter):
    """Draft, scheduled or published (core.publishing), as the public site stands now."""

    title = _("public site")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return Publishable.State.choices

    def queryset(self, request, queryset):
        if self.value() == Publishable.State.DRAFT:
            return queryset.drafts()
        if self.value() == Publishable.State.SCHEDULED:
            return queryset.scheduled()
        if self.value() == Publishable.State.PUBLISHED:
            return queryset.published()
        return queryset


class PublishingAdmin(admin.ModelAdmin):
    """The admin of a kind of public content (core.publishing): its publishing fields in a
    "Publishing" fieldset, where it stands on the public site in the list, actions to publish and
    unpublish, and "View on site" going to the staff preview while it is not public."""

    actions = ["publish_selected", "unpublish_selected"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets:
            return fieldsets  # the admin placed the publishing fields itself
        others = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in PUBLISHING_FIELDS]})
            for name, options in fieldsets
        ]
        return [*others, publishing_fieldset()]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "publication"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), PublicationFilter]

    @admin.display(description=_("public site"), ordering="publish_at")
    def publication(self, obj) -> str:
        """Where it stands on the public site: draft, scheduled for a time, or published."""
        state = obj.state()
        if state == Publishable.State.SCHEDULED:
            when = date_format(timezone.localtime(obj.publish_at), "SHORT_DATETIME_FORMAT")
            return _("Scheduled for %(time)s") % {"time": when}
        return Publishable.State(state).label

    def view_on_site(self, obj) -> str:
        if obj.state() == Publishable.State.PUBLISHED:
            return obj.get_absolute_url()
        return preview_url(obj)

    @admin.action(description=_("Publish selected now"), permissions=["change"])
    def publish_selected(self, request, queryset):
        count = queryset.publish_now()
        self.message_user(
            request,
            ngettext("%(count)d item published.", "%(count)d items published.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        count = queryset.unpublish()
        self.message_user(
            request,
            ngettext("%(count)d item unpublished.", "%(count)d items unpublished.", count) % {"count": count},
            messages.SUCCESS,
        )


def publishing_fieldset() -> tuple:
    return (
        _("Publishing"),
        {
            "fields": list(PUBLISHING_FIELDS),
            "description": _(
                "To schedule it, tick “published” and set a future time. Until then, “View on site” "
                "shows staff a preview."
            ),
        },
    )


def preview_url(obj) -> str:
    """The staff preview of a draft or scheduled object (publicsite.admin_views.preview)."""
    meta = obj._meta
    return reverse(
        "admin:preview", kwargs={"app_label": meta.app_label, "model_name": meta.model_name, "pk": obj.pk}
    )

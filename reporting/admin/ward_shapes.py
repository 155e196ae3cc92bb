"""The wards' shapes, which the data page draws: Supervisors and OPI staff import them from a
GeoJSON file (`reporting.ward_import`), each import replacing them all, and read who imported
which file."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.admin import AppendOnlyAdmin
from reporting.models import WardBoundary, WardImport
from reporting.ward_import import WardShapesForm, replace_ward_shapes

IMPORT_PERMISSION = "reporting.add_wardimport"


@admin.register(WardBoundary)
class WardBoundaryAdmin(AppendOnlyAdmin):
    list_display = ["ward", "name", "imported_in"]
    list_filter = []
    list_select_related = ["imported_in"]
    search_fields = ["name"]
    ordering = ["ward"]
    exclude = ["geometry"]  # thousands of coordinates say nothing on a page; the data page draws them

    def changelist_view(self, request, extra_context=None):
        can_import = request.user.has_perm(IMPORT_PERMISSION)
        return super().changelist_view(request, {**(extra_context or {}), "can_import": can_import})

    def get_urls(self):
        view = self.admin_site.admin_view(require_http_methods(["GET", "HEAD", "POST"])(self.import_view))
        return [path("import/", view, name="reporting_wardboundary_import"), *super().get_urls()]

    def import_view(self, request):
        """Check the file and replace every shape by its own, or show what to fix in it."""
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        form = WardShapesForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            imported = replace_ward_shapes(
                file_name=request.FILES["geojson"].name,
                wards=form.cleaned_data["wards"],
                user=request.user,
            )
            self.message_user(
                request,
                _("The shapes of %(count)s wards were imported; they replace the ones before.")
                % {"count": imported.ward_count},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:reporting_wardboundary_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import the wards' shapes"),
            "opts": self.opts,
            "form": form,
        }
        return TemplateResponse(request, "admin/reporting/wardboundary/import.html", context)


@admin.register(WardImport)
class WardImportAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "file_name", "ward_count", "imported_by"]
    list_filter = []
    list_select_related = ["imported_by"]
    search_fields = ["file_name"]
    ordering = ["-created_at", "-id"]
    date_hierarchy = "created_at"

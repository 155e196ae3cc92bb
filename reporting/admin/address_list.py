"""The City's address list: Supervisors import it from the City's file, which the worker does
(`reporting.address_import`), and follow each import's progress and the rows to fix."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import AppendOnlyAdmin
from core.spreadsheets import SpreadsheetMixin
from reporting import address_import
from reporting.models import AddressImport, AddressPoint
from reporting.resources import ADDRESS_COLUMNS, AddressPointResource


@admin.register(AddressPoint)
class AddressPointAdmin(SpreadsheetMixin, admin.ModelAdmin):
    resource_classes = [AddressPointResource]
    list_display = [*ADDRESS_COLUMNS, "is_demo"]
    list_filter = ["ward", "is_demo"]
    search_fields = ["address", "=city_id"]
    ordering = ["search_text", "id"]
    readonly_fields = ["is_demo"]
    # Counting 200,000 addresses a second time, for "N total", tells staff nothing.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    # Reports keep the address they were matched to.
    def has_delete_permission(self, request, obj=None):
        return False

    def import_action(self, request, **kwargs):
        """A file the import form accepts goes to the worker; the page of its import follows."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request) if request.method == "POST" else None
        if form is None or not form.is_valid():
            return super().import_action(request, **kwargs)
        file_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        upload = form.cleaned_data["import_file"]
        stored = self.write_to_tmp_storage(upload, file_format)
        job = address_import.start(
            file_name=upload.name,
            stored_name=stored.name,
            file_format=file_format.get_title(),
            user=request.user,
        )
        return HttpResponseRedirect(reverse("admin:reporting_addressimport_change", args=[job.pk]))


@admin.register(AddressImport)
class AddressImportAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "file_name", "status", "progress", "started_by"]
    list_filter = ["status"]
    list_select_related = ["started_by"]
    search_fields = ["file_name"]
    ordering = ["-created_at", "-id"]
    date_hierarchy = "created_at"
    fields = [
        "file_name",
        "status",
        "progress",
        "new_count",
        "changed_count",
        "rows_to_fix",
        "started_by",
        "created_at",
        "finished_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("progress"))
    def progress(self, job):
        if job.is_finished or not job.row_count:
            return job.get_status_display()
        return format_html(
            '<progress max="100" value="{}">{}%</progress> {}',
            job.percent_checked,
            job.percent_checked,
            _("%(checked)s of %(rows)s rows checked; reload the page to follow it.")
            % {"checked": f"{job.rows_checked:,}", "rows": f"{job.row_count:,}"},
        )

    @admin.display(description=_("rows to fix"))
    def rows_to_fix(self, job):
        if not job.errors:
            return "-"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}</li>",
                (
                    (_("Row %(row)s: %(reason)s") % {"row": row, "reason": reason} if row else reason,)
                    for row, reason in job.errors
                ),
            ),
        )

from django.contrib import admin

from reporting.models import HistoryEntry


class AppendOnlyAdmin(admin.ModelAdmin):
    """For records written only by `reporting.services`: staff may read them, never edit or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HistoryEntry)
class HistoryEntryAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "report", "kind", "actor", "from_status", "to_status"]
    list_filter = ["kind", "to_status"]
    list_select_related = ["report", "actor"]
    search_fields = ["report__reference", "report__case_number", "actor__username"]
    ordering = ["-created_at", "-id"]
    date_hierarchy = "created_at"

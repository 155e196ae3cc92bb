"""Admin pieces shared by the apps."""

from django.contrib import admin


class AppendOnlyAdmin(admin.ModelAdmin):
    """For records only our code writes (history, sign-ins, exports, exit counts): staff read,
    never add, edit or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

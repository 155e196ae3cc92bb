"""Admin pieces shared by the apps."""

from django.contrib import admin
from django.db import models

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

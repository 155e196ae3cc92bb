from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        from accounts import signals  # noqa: F401 - connects the sign-in event receivers


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, served by the site that asks every staff member for a second factor."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin

    default_site = "accounts.sites.StaffAdminSite"

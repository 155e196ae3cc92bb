"""The staff account admin, limited so that no one can give themselves more than they hold.

Django's stock user admin lets anyone with `auth.change_user` tick "Superuser status", grant any
permission, join any group or set any password. Here only superusers do those things.
Supervisors manage Report takers and OPI staff only: they choose between those two groups, the
accounts they create are staff, and every other account (their own, other Supervisors',
superusers', anyone in no group, in another group or holding a permission of their own) is
read-only to them, password included.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import SignInEvent
from accounts.roles import OPI_STAFF, REPORT_TAKERS
from core.admin import AppendOnlyAdmin

User = get_user_model()

# The groups a Supervisor may put people in.
DELEGATED_GROUPS = (REPORT_TAKERS, OPI_STAFF)


def is_delegated_account(user) -> bool:
    """Whether a Supervisor may change this account: one already in a delegated role and in no
    other group. An account in no group is not theirs: its role is a superuser's to give, and
    setting its password would hand the Supervisor an account they do not manage."""
    if user.is_superuser or user.user_permissions.exists():
        return False
    groups = set(user.groups.values_list("name", flat=True))
    return bool(groups) and groups <= set(DELEGATED_GROUPS)


admin.site.unregister(User)
admin.site.unregister(Group)
# django-otp's device admin shows each app's secret key to whoever may view devices, a superuser
# included, who could then make a colleague's codes. Staff enrol on the second-factor page, and
# the user admin's action resets a lost app.
admin.site.unregister(TOTPDevice)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    add_fieldsets = (
        (None, {"fields": ("username", "usable_password", "password1", "password2")}),
        (_("Permissions"), {"fields": ("groups",)}),
    )
    actions = ["reset_second_factor"]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return obj.pk != request.user.pk and is_delegated_account(obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        superuser_only = {"is_superuser", "user_permissions"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in superuser_only]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return super().get_readonly_fields(request, obj)
        return ("is_staff", "last_login", "date_joined")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=DELEGATED_GROUPS)
            kwargs["required"] = True
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.is_staff = True
        super().save_model(request, obj, form, change)

    @admin.action(
        description=_("Reset the second factor (the next sign-in sets up a new app)"), permissions=["change"]
    )
    def reset_second_factor(self, request, queryset):
        users = [user for user in queryset if self.has_change_permission(request, user)]
        for user in users:
            services.reset_second_factor(user)
            self.log_change(request, user, "Reset the second factor.")
        if users:
            self.message_user(
                request,
                ngettext(
                    "Reset the second factor of %(count)d account.",
                    "Reset the second factor of %(count)d accounts.",
                    len(users),
                )
                % {"count": len(users)},
                messages.SUCCESS,
            )
        if refused := queryset.count() - len(users):
            self.message_user(
                request,
                ngettext(
                    "%(count)d account is not yours to change: left as it was.",
                    "%(count)d accounts are not yours to change: left as they were.",
                    refused,
                )
                % {"count": refused},
                messages.ERROR,
            )


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("permissions",)


@admin.register(SignInEvent)
class SignInEventAdmin(AppendOnlyAdmin):
    """Read-only for everyone: the events are written by the sign-in itself."""

    list_display = ("occurred_at", "kind", "username", "client_ip")
    list_filter = ("kind", "occurred_at")
    search_fields = ("username", "client_ip")
    date_hierarchy = "occurred_at"

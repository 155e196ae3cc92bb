"""The admin site: a password and then a second factor for every page, superusers included."""

from urllib.parse import urlencode

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path, reverse

from accounts.forms import StaffSignInForm


def awaits_second_factor(request) -> bool:
    """Whether the request's user has given a staff password but not yet a second factor."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    # django-otp's middleware adds is_verified(); the user `login()` has just set has none,
    # and a password alone never verifies anyone.
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


class StaffAdminSite(admin.AdminSite):
    login_form = StaffSignInForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def register_page(self, route: str, view, name: str) -> None:
        """Mount an app's own staff page at `route` under the admin, named `admin:<name>`, behind
        the same sign-in and second factor as the rest (an app's admin.py calls this, as it
        registers its models)."""
        self._pages.append(path(route, self.admin_view(view), name=name))

    def has_permission(self, request):
        return super().has_permission(request) and not awaits_second_factor(request)

    def login(self, request, extra_context=None):
        if not awaits_second_factor(request):
            response = super().login(request, extra_context)
            if not awaits_second_factor(request):
                return response
        query = urlencode({"next": request.GET.get("next", "")})
        return redirect(f"{reverse('admin:second_factor', current_app=self.name)}?{query}")

    def get_urls(self):
        from accounts import views

        return [
            path("second-factor/", views.second_factor, name="second_factor"),
            path("second-factor/enrol/", views.enrol, name="second_factor_enrol"),
            *self._pages,
            *super().get_urls(),
        ]

"""The staff sign-in steps after the password: set up an authenticator app, or type a code."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.forms import EnrolForm, SecondFactorForm
from accounts.models import SignInEvent


def _next_url(request) -> str:
    url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def _with_next(view_name, request) -> str:
    return f"{reverse(view_name)}?{urlencode({REDIRECT_FIELD_NAME: _next_url(request)})}"


def staff_password_given(view):
    """Only for a signed-in staff member; everyone else goes to the sign-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect(_with_next("admin:login", request))
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def _page(request, template, context, status=200):
    return render(request, template, {**admin.site.each_context(request), **context}, status=status)


@sensitive_post_parameters("code")
@staff_password_given
def second_factor(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(_with_next("admin:second_factor_enrol", request))
    form = SecondFactorForm(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.verified(request, form.device)
            return redirect(_next_url(request))
        SignInEvent.record(SignInEvent.Kind.FAILED_CODE, request, request.user.get_username())
    return _page(request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)})


@sensitive_post_parameters("code")
@staff_password_given
def enrol(request):
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(_with_next("admin:second_factor", request))
    device = services.pending_app(request.user)
    form = EnrolForm(device, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            # The codes are shown once, in the answer to this form, and kept nowhere but as hashes
            # (not in the session either); reloading finds the app set up and shows no codes.
            codes = services.confirm_app(request, device)
            return _page(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
            )
        SignInEvent.record(SignInEvent.Kind.FAILED_CODE, request, request.user.get_username())
    context = {
        "form": form,
        "next": _next_url(request),
        "secret": services.secret_text(device),
        "qr_code": services.qr_code_data_uri(device),
    }
    return _page(request, "accounts/enrol.html", context)


def locked_out(request, response=None, credentials=None):
    """django-axes' answer to a sign-in from a locked account or client (AXES_LOCKOUT_CALLABLE)."""
    context = {"cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}
    return _page(request, "accounts/locked_out.html", context, status=429)

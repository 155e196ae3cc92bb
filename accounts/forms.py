from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.lockouts import must_wait
from accounts.models import RecoveryCodeDevice

WRONG_CODE = _("That code is not right. Check the time on your phone and type the newest code.")
THROTTLED = _("Too many wrong codes. Wait a minute, then type the newest code.")
ACCOUNT_THROTTLED = _(
    "This account, or this computer, has had too many wrong passwords. Wait a minute, then try "
    "again; if it keeps happening, tell a Supervisor."
)


def _code_field(help_text):
    return forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "none"}
        ),
    )


def _check(device, code):
    """Check `code` against `device`, with django-otp's throttling after each wrong code."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        raise forms.ValidationError(THROTTLED, code="throttled")
    if not device.verify_token(code):
        raise forms.ValidationError(WRONG_CODE, code="wrong")


class SecondFactorForm(forms.Form):
    """A code from the staff member's authenticator app, or one of their recovery codes."""

    code = _code_field(_("The 6-digit code your authenticator app shows, or one of your recovery codes."))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        # App codes are 6 digits; recovery codes are 8 letters and digits.
        device_class = TOTPDevice if len(code) == 6 and code.isdigit() else RecoveryCodeDevice
        device = device_class.objects.filter(user=self.user, confirmed=True).first()
        if device is None:
            raise forms.ValidationError(WRONG_CODE, code="wrong")
        _check(device, code)
        self.device = device
        return code


class EnrolForm(forms.Form):
    """The first code from a newly added authenticator app, proving it has the secret."""

    code = _code_field(_("The 6-digit code your authenticator app shows for this account."))

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        _check(self.device, code)
        return code


class StaffSignInForm(AdminAuthenticationForm):
    """The admin's sign-in, which first makes an account that too many wrong passwords were tried
    on wait (accounts.lockouts); the waiting attempt checks no password and counts as none."""

    def clean(self):
        username = self.cleaned_data.get("username")
        # A client locked out of the account is told so by django-axes, in authenticate().
        locked = AxesProxyHandler.is_locked(self.request, {"username": username})
        if username and not locked and must_wait(username, self.request):
            raise forms.ValidationError(ACCOUNT_THROTTLED, code="throttled")
        return super().clean()

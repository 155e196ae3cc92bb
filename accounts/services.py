"""Second-factor enrolment (an authenticator app, then recovery codes), verification and reset."""

from base64 import b32encode

import segno
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCode, RecoveryCodeDevice, SignInEvent

RECOVERY_CODE_COUNT = 10


def pending_app(user) -> TOTPDevice:
    """The authenticator app being set up for `user`: the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code in a data: URI, which the CSP allows as an image."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)


@transaction.atomic
def confirm_app(request, device: TOTPDevice) -> list[str]:
    """Confirm the app, replace any recovery codes and mark the session verified.

    Returns the new recovery codes, for the one page that shows them; each works once.
    """
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    RecoveryCodeDevice.objects.filter(user=device.user).delete()
    recovery = RecoveryCodeDevice.objects.create(user=device.user, name=_("Recovery codes"), confirmed=True)
    codes = RecoveryCode.new_codes(recovery, RECOVERY_CODE_COUNT)
    otp_login(request, device)
    SignInEvent.record(SignInEvent.Kind.ENROLLED, request, device.user.get_username())
    return codes


@transaction.atomic
def reset_second_factor(user) -> None:
    """Remove `user`'s app and recovery codes: their next sign-in sets up a new app."""
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()


def verified(request, device) -> None:
    """Mark the session verified by `device` and record how."""
    otp_login(request, device)
    kind = (
        SignInEvent.Kind.RECOVERY_CODE_USED
        if isinstance(device, RecoveryCodeDevice)
        else SignInEvent.Kind.VERIFIED
    )
    SignInEvent.record(kind, request, device.user.get_username())

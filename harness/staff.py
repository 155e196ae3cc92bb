"""A staff member signed in as the staff sign-in leaves them: a password, then a code from a
confirmed authenticator app."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def make_totp_device(user):
    """A confirmed authenticator app for `user`; `totp_code(device)` gives its current code."""
    return TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)


def sign_in(client, user):
    """Sign `user` in on a test client as the staff sign-in does: password, then a verified code."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = make_totp_device(user).persistent_id
    session.save()


def totp_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"

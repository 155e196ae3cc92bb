"""Demo staff accounts for local development: one per role, with a shared, published password
and a shared, published authenticator secret (load_demo_staff refuses to run outside DEBUG)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import OPI_STAFF, REPORT_TAKERS, SUPERVISORS
from accounts.services import secret_text

DEMO_PASSWORD = "demo-password-change-me"  # noqa: S105 - printed to developers on purpose
# The same secret on every run, so a developer adds the demo accounts to an app once.
DEMO_TOTP_KEY = "6a1c1e7b0f3d4c2a9e8b5d7f6c4a2e1b3d5f7a9c"
DEMO_ACCOUNTS = [
    ("opi", "Olivia", "OPI staff member", OPI_STAFF),
    ("reporttaker", "Ray", "Report taker", REPORT_TAKERS),
    ("supervisor", "Sam", "Supervisor", SUPERVISORS),
]


def create_demo_staff() -> list[tuple[str, str, str]]:
    """Create (or reset) the demo staff accounts and their authenticator apps;
    returns (username, role, otpauth URI) for each."""
    User = get_user_model()
    created = []
    for username, first_name, last_name, role in DEMO_ACCOUNTS:
        user, _new = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@example.org"},
        )
        user.is_staff = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="Demo app", key=DEMO_TOTP_KEY, confirmed=True)
        created.append((username, role, device.config_url))
    return created


def demo_secret() -> str:
    return secret_text(TOTPDevice(key=DEMO_TOTP_KEY))


def demo_code() -> str:
    """The code an authenticator app with the demo secret shows now."""
    return f"{totp(TOTPDevice(key=DEMO_TOTP_KEY).bin_key):06d}"

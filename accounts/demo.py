"""Demo staff accounts for local development: one per role, with a shared, published password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import OPI_STAFF, REPORT_TAKERS, SUPERVISORS

DEMO_PASSWORD = "demo-password-change-me"  # noqa: S105 - printed to developers on purpose
DEMO_ACCOUNTS = [
    ("opi", "Olivia", "OPI staff member", OPI_STAFF),
    ("reporttaker", "Ray", "Report taker", REPORT_TAKERS),
    ("supervisor", "Sam", "Supervisor", SUPERVISORS),
]


def create_demo_staff() -> list[tuple[str, str]]:
    """Create (or reset) the demo staff accounts; returns (username, role) pairs."""
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
        created.append((username, role))
    return created

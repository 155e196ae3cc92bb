"""Plain builder functions for tests: make_<thing>(**overrides) returns a saved object."""

from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

_serial = count(1)


def make_user(*, groups: tuple[str, ...] = (), is_staff: bool = False, **overrides):
    number = next(_serial)
    fields = {
        "username": f"user{number}",
        "email": f"user{number}@example.org",
        "first_name": "Test",
        "last_name": f"User {number}",
        "is_staff": is_staff,
    }
    fields.update(overrides)
    user = get_user_model().objects.create_user(password="a-long-test-password", **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_staff(role: str, **overrides):
    """A staff member in one of the role groups (accounts.roles)."""
    return make_user(groups=(role,), is_staff=True, **overrides)


# reporting


def make_report(*, items=(), **overrides):
    """A submitted online report, through the same service residents use; returns (report, token)."""
    from datetime import timedelta

    from django.utils import timezone

    from reporting.services import submit_report

    fields = {
        "kind": "theft",
        "follow_up": "online",
        "occurred_from": timezone.localdate() - timedelta(days=2),
        "address": "350 S 5th St",
        "place_type": "street",
        "narrative": "My bike was taken from the rack.",
        "full_name": "Alex Resident",
        "email": "alex@example.org",
        "language": "en",
        "false_report_acknowledged": True,
    }
    channel = overrides.pop("channel", "online")
    taken_by = overrides.pop("taken_by", None)
    fields.update(overrides)
    return submit_report(fields=fields, items=list(items), channel=channel, taken_by=taken_by)


def make_reason(**overrides):
    from reporting.models import Reason

    fields = {
        "action": "refer",
        "label": f"Reason {next(_serial)}",
        "explanation": "This is handled elsewhere.",
        "destination": "311",
    }
    fields.update(overrides)
    return Reason.objects.create(**fields)

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

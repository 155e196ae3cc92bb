"""Lockouts after wrong passwords.

django-axes locks an account for the client that gave the wrong passwords
(AXES_LOCKOUT_PARAMETERS), nothing more: a wrong password typed elsewhere, or on another account
from the same office, never locks a colleague out. Guesses spread out are slowed instead: once an
account has had AXES_FAILURE_LIMIT wrong passwords within the lockout period from all clients
together, or a client has on all accounts together, each takes one attempt per ACCOUNT_WAIT,
which the account's owner can still make.

Axes keeps the client address in an `inet` column that takes one address, not a network, so an
IPv6 client's /64 is stored as the network's first address (every address in it counts as one
client) and an unreadable address as none.
"""

import ipaddress
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

from core.client_ip import client_ip

ACCOUNT_WAIT = timedelta(minutes=1)


def _slowed(attempts, now) -> bool:
    seen = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    return (seen["failures"] or 0) >= settings.AXES_FAILURE_LIMIT and seen["last"] > now - ACCOUNT_WAIT


def must_wait(username: str, request) -> bool:
    """Whether this sign-in must wait for ACCOUNT_WAIT after the last wrong password, because the
    account has had too many from all clients together, or the client on all accounts together
    (a Supervisor's unlock clears an account's)."""
    now = timezone.now()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    address = axes_client_ip(request)
    return _slowed(recent.filter(username=username), now) or (
        address is not None and _slowed(recent.filter(ip_address=address), now)
    )


def axes_client_ip(request) -> str | None:
    address = client_ip(request)
    if address == "unknown":
        return None
    return str(ipaddress.ip_network(address).network_address)

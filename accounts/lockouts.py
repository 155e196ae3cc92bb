"""Lockouts after wrong passwords.

django-axes locks an account for the client that gave the wrong passwords, and a client that
tried many accounts (AXES_LOCKOUT_PARAMETERS): a wrong password typed elsewhere never locks a
colleague out. Guesses at one account from many clients are slowed instead: once the account has
had AXES_FAILURE_LIMIT wrong passwords within the lockout period, from anywhere, it takes one
attempt per ACCOUNT_WAIT, which its owner can still make.

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

from config.client_ip import client_ip

ACCOUNT_WAIT = timedelta(minutes=1)


def account_must_wait(username: str) -> bool:
    """Whether a sign-in to this account must wait for ACCOUNT_WAIT after its last wrong password,
    because it has had too many from all clients together (a Supervisor's unlock clears them)."""
    now = timezone.now()
    recent = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=now - settings.AXES_COOLOFF_TIME
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    return (recent["failures"] or 0) >= settings.AXES_FAILURE_LIMIT and recent["last"] > now - ACCOUNT_WAIT


def axes_client_ip(request) -> str | None:
    address = client_ip(request)
    if address == "unknown":
        return None
    return str(ipaddress.ip_network(address).network_address)

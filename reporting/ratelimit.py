"""Rate limits for the public forms, counted in the database so every app server shares them."""

import hashlib
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from config.client_ip import client_ip
from reporting.models import RateLimit

# (requests allowed, window in seconds) per client. "lookup" counts requests for an emailed
# link, "pin" tries of a reference and PIN, "link" opening and spending a link, "upload" posts
# that carry files (form or added later).
LIMITS = {
    "submit": (10, 3600),
    "lookup": (20, 3600),
    "pin": (20, 3600),
    "link": (30, 3600),
    "upload": (60, 3600),
}


def client_key(request) -> str:
    """Who is asking, as a salted hash of the address: no address is stored."""
    address = client_ip(request)
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:40]


def allow(request, action: str) -> bool:
    """Count this request against the client's limit for `action`; False once it is over."""
    limit, seconds = LIMITS[action]
    now = timezone.now().timestamp()
    window_start = datetime.fromtimestamp(now - now % seconds, tz=UTC)
    return RateLimit.hit(f"{action}:{client_key(request)}", window_start) <= limit


def prune(now=None) -> int:
    """Delete windows that have ended."""
    longest = max(seconds for _limit, seconds in LIMITS.values())
    cutoff = (now or timezone.now()) - timedelta(seconds=longest)
    deleted, _details = RateLimit.objects.filter(window_start__lt=cutoff).delete()
    return deleted

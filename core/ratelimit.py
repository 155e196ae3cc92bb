"""Rate limits for the public forms, counted in the database so every app server shares them,
and the page that refuses a request past one."""

import hashlib
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from core.client_ip import client_ip
from core.models import RateLimit

# (requests allowed, window in seconds) per client. "lookup" counts requests for an emailed
# link, "pin" tries of a reference and PIN, "link" opening and spending a link (to a report or
# to a visit's calendar file), "upload" posts that carry files (form or added later),
# "upload_bytes" the bytes of their files (each is kept until its draft is abandoned: without it,
# 60 posts of 30 MB an hour), "add" posts adding to a report, "hold" posts that take or give back
# a staff member's time (a visit's time held in the form, a booked visit moved or cancelled),
# "suggest" the address field's requests for suggestions as the resident types (about one a
# character at most: 20 addresses typed slowly an hour, and far too few to copy the City's list),
# "survey" opening and sending survey links (a training's room may share one connection).
LIMITS = {
    "submit": (10, 3600),
    "lookup": (20, 3600),
    "pin": (20, 3600),
    "link": (30, 3600),
    "upload": (60, 3600),
    "upload_bytes": (100 * 1024 * 1024, 86400),
    "add": (20, 3600),
    "hold": (30, 3600),
    "suggest": (600, 3600),
    "survey": (120, 3600),
}
# The same per report, whoever asks: additions to it, and look-up emails with a link to it (each
# one an email to its resident).
REPORT_LIMITS = {
    "add": (20, 86400),
    "link_email": (3, 86400),
}


def client_key(request) -> str:
    """Who is asking, as a salted hash of the address: no address is stored."""
    address = client_ip(request)
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:40]


def allow(request, action: str, amount: int = 1) -> bool:
    """Count this request (or `amount` of it) against the client's limit for `action`; False once
    it is over."""
    return _hit(f"{action}:{client_key(request)}", *LIMITS[action], amount)


def allow_for_report(report_id: int, action: str) -> bool:
    """Count this request against the report's limit for `action`; False once it is over."""
    return _hit(f"report-{action}:{report_id}", *REPORT_LIMITS[action])


def too_many_requests(request, action: str, limits=LIMITS):
    """The 429 page for a request past `action`'s limit, saying when to try again."""
    seconds = limits[action][1]
    response = render(request, "429.html", {"a_day": seconds > 3600}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def posted_bytes(request) -> int:
    """The size of every file the request carries."""
    return sum(upload.size for name in request.FILES for upload in request.FILES.getlist(name))


def _hit(key: str, limit: int, seconds: int, amount: int = 1) -> bool:
    now = timezone.now().timestamp()
    window_start = datetime.fromtimestamp(now - now % seconds, tz=UTC)
    return RateLimit.hit(key, window_start, amount) <= limit


def prune(now=None) -> int:
    """Delete windows that have ended."""
    longest = max(seconds for _limit, seconds in [*LIMITS.values(), *REPORT_LIMITS.values()])
    cutoff = (now or timezone.now()) - timedelta(seconds=longest)
    deleted, _details = RateLimit.objects.filter(window_start__lt=cutoff).delete()
    return deleted

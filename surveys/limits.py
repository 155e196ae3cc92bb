"""The rate limit of the survey pages: the one every public form shares.

Its counts live in reporting's table (reporting.ratelimit), a layer above this app, which may not
import it; so reporting lends its guard when it starts (reporting.apps), as the layers allow."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

Guard = Callable[[HttpRequest], HttpResponse | None]
_guard: Guard | None = None


def use(guard: Guard) -> None:
    """Count the survey pages' requests with `guard`: it returns the page that refuses one past
    the limit, or None."""
    global _guard
    _guard = guard


def refuse(request: HttpRequest) -> HttpResponse | None:
    """The refusal of a request past the client's limit, or None."""
    if _guard is None:
        raise ImproperlyConfigured("No rate limit is set for the survey pages (reporting lends it).")
    return _guard(request)

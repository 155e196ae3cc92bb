"""Staff sessions end when the browser closes and after a spell without a request.

Residents have no accounts: their sessions (report drafts) keep Django's usual lifetime.
"""

import time

from django.conf import settings
from django.contrib.auth import logout

LAST_SEEN_KEY = "staff_last_seen"
# The last request is noted to the minute, so most requests do not write the session.
LAST_SEEN_RESOLUTION = 60


def start_staff_session(request, user) -> None:
    if request is None or not user.is_staff:
        return
    # No expiry on the cookie: it goes when the browser closes.
    request.session.set_expiry(0)
    request.session[LAST_SEEN_KEY] = int(time.time())


class StaffSessionMiddleware:
    """Signs staff out after STAFF_SESSION_IDLE_MINUTES without a request to the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Staff work only in the admin; elsewhere the session is left unread, so public pages
        # cost no extra query for residents with a draft.
        if not request.path_info.startswith(f"/{settings.ADMIN_URL}"):
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and user.is_staff:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.STAFF_SESSION_IDLE_MINUTES * 60:
                logout(request)
            elif now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

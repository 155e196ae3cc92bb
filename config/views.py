import datetime
import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core import outages


@require_safe
@never_cache
def healthz(request):
    """For load balancers and uptime checks: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# security.txt says how long its contents may be trusted; it is drawn from the settings on each
# request, so it is never stale, and the date only moves once a day.
SECURITY_TXT_VALID_FOR = datetime.timedelta(days=180)


@require_safe
def security_txt(request):
    """RFC 9116: whom to tell about a vulnerability. Not served until a contact is configured."""
    if not settings.SECURITY_CONTACT:
        raise Http404("No security contact is configured.")
    today = datetime.datetime.now(tz=datetime.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {(today + SECURITY_TXT_VALID_FOR).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: en",
        # The address the request came to, which ALLOWED_HOSTS has vetted: never a default.
        f"Canonical: {request.build_absolute_uri()}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def bad_request(request, exception):
    """Django's 400 page, unless the request failed because the database did not answer."""
    if error := outages.unavailable_database_error(exception):
        return outages.service_unavailable(request, error)
    return defaults.bad_request(request, exception)


@require_safe
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever a page links to: send them to the icon
    among the static files, whose address changes with its content."""
    return redirect(static("img/favicon.ico"))


def server_error(request):
    """Like Django's default, but rendered with the request so the page keeps its language and
    layout; a database that does not answer gets the 503 page instead (core/outages.py)."""
    if error := outages.unavailable_database_error(sys.exc_info()[1]):
        return outages.service_unavailable(request, error)
    return render(request, "500.html", status=500)

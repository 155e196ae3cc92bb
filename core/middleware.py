import logging
import time

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import has_vary_header, patch_cache_control

from core import logs

# One line per request answered (core.logs adds its id, method and path).
request_logger = logging.getLogger("config.requests")


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header, which Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivateUnlessPublicMiddleware:
    """No proxy or CDN may keep a response unless its view said `public` (publicsite.cache), and
    never one that sets a cookie or varies on it: every other response is marked private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = response.get("Cache-Control", "")
        directives = {part.split("=")[0].strip().lower() for part in header.split(",")}
        if "public" not in directives or response.cookies or has_vary_header(response, "Cookie"):
            patch_cache_control(response, private=True)
        return response


class RequestBodyLimitMiddleware:
    """Refuses a request body larger than any legitimate post, before anything reads it, with a
    page in the reader's language. Only multipart posts may carry files; others carry fields."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if request.content_type == "multipart/form-data":
            limit = settings.REQUEST_BODY_MAX_SIZE
        else:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > limit:
            return render(request, "413.html", status=413)
        return self.get_response(request)


class RequestIdMiddleware:
    """First of all middleware: gives the request an id for every log line written while it is
    answered and for the error pages, echoes it in the X-Request-ID header, and logs one line per
    request with its status and duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = logs.request_id_for(request)
        logs.current_request.set(request)
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        request_logger.info(
            "%s %s %s",
            request.method,
            logs.loggable_path(request),
            response.status_code,
            extra={"status": response.status_code, "duration": round(time.perf_counter() - started, 4)},
        )
        return response

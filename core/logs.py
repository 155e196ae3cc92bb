"""Logs a machine can read: one JSON object per line, each naming the request it belongs to.

Every line written while a request is answered carries that request's id, method and path (never
the query string, which may hold what a resident typed), so support can find all the lines of one
request from the id shown on an error page. A path part that is a secret (the token of an emailed
access link) is replaced by its route's name for it, also when the request is redirected before
its URL is resolved.
"""

import contextvars
import json
import logging
import re
import secrets
from datetime import UTC, datetime

from django.conf import settings
from django.core.signals import request_finished
from django.urls import Resolver404, resolve
from django.utils import translation

# The request being answered in this thread, for every line logged meanwhile: set by
# core.middleware.RequestIdMiddleware, forgotten once the response is sent, so Django's own
# line about it ("Not Found: /path"), written after the middleware, carries its id too.
current_request = contextvars.ContextVar("current_request", default=None)


def _forget_request(**kwargs) -> None:
    current_request.set(None)


request_finished.connect(_forget_request, dispatch_uid="core.logs.forget_request")

# An X-Request-ID from the proxy is kept only when it is a short plain token; anything else could
# forge or garble log lines, so the request gets an id of its own.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")

# URL parts that are credentials, by their name in the URL patterns.
SECRET_URL_KWARGS = ("token",)


def request_id_for(request) -> str:
    incoming = request.headers.get("X-Request-ID", "")
    if SAFE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return secrets.token_hex(16)


def _url_kwargs(request) -> dict:
    """The URL's named parts. A request answered before its URL was resolved (the redirect that
    adds a missing slash) has none of its own, so its path is resolved here, with and without
    that slash, in the language its prefix names."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.kwargs
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        for candidate in (request.path_info, f"{request.path_info}/"):
            try:
                return resolve(candidate, getattr(request, "urlconf", None)).kwargs
            except Resolver404:
                continue
    return {}


def loggable_path(request) -> str:
    """The path without its query string, and with any secret in it replaced by a placeholder."""
    path = request.path
    kwargs = _url_kwargs(request)
    for name in SECRET_URL_KWARGS:
        value = kwargs.get(name)
        if value:
            path = path.replace(str(value), f"<{name}>")
    return path


class RequestContextFilter(logging.Filter):
    """Adds the current request's id, method and path to every record, and writes that path, with
    any secret in it replaced, into Django's own request lines ("Not Found: /path") too."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = current_request.get()
        record.request_id = getattr(request, "request_id", None)
        record.method = request.method if request is not None else None
        record.path = loggable_path(request) if request is not None else None
        if record.name.startswith("django.") and request is not None and isinstance(record.args, tuple):
            record.args = tuple(record.path if arg == request.path else arg for arg in record.args)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request's fields and, for the
    request's own line, its status and duration."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "method": getattr(record, "method", None),
            "path": getattr(record, "path", None),
        }
        for field in ("status", "duration"):
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class ReadableFormatter(logging.Formatter):
    """Development's lines: the same fields, for a person at a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{record.levelname} {record.name}: {record.getMessage()}"
        if getattr(record, "request_id", None):
            line += f" [{record.request_id}]"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line

"""When the database does not answer: a 503 page in the reader's language, not an error.

A database that is down, restarting or too slow to accept a connection (the connect timeout in
the settings) raises OperationalError, or InterfaceError on a connection it dropped, wherever the
request first needs it: the session, the signed-in user, a page's content. Django turns any
exception into the 500 handler, or the 400 one for a session it could not save;
`config.views.server_error` and `config.views.bad_request` ask `unavailable_database_error`
and answer with `service_unavailable` instead. The page needs no database (no session, no user, no
content), the log gets one warning line rather than a traceback, and nothing is kept between
requests, so the next request after PostgreSQL is back is answered as usual.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger("core.outages")

# Seconds a browser or client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30


def unavailable_database_error(error: BaseException | None) -> BaseException | None:
    """The error saying the database is unavailable: this one, or one it was raised while
    handling. Django's session engine, failing to save, raises UpdateError and then
    SessionInterrupted (a 400) from the OperationalError underneath."""
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return error
        error = error.__cause__ or error.__context__
    return None


def service_unavailable(request, error: BaseException):
    """The 503 page, with one warning line naming the error (its first line: no query, no data)."""
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    logger.warning("Database unavailable, answered 503: %s: %s", type(error).__name__, first_line)
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class SkipLoggedOutages(logging.Filter):
    """On `django.request`: drops its ERROR line with the traceback for a request answered 503
    because the database was unavailable; `service_unavailable` has logged it in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not (getattr(record, "status_code", None) == 503 and unavailable_database_error(error))

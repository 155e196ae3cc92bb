"""Public pages cached per language, and invalidated the moment published content changes.

Every cache key contains the content version: a number in one database row that a Postgres
trigger on every content table increments, in the same transaction as the change. Staff saving
anything in the admin (or an import, a bulk action, a migration) therefore changes the key that
every app server computes on its next request, whichever process served the edit and whatever
cache backend is configured, even a per-process memory cache. Old entries are never read again
and expire on their own. A cached page costs one query: reading that number.

The key also holds the reader's language, the page's path and its validated query string (a page
that reads its query string through a form declares it; requests with any other query string are
answered uncached, so made-up parameters cannot fill the cache) and today's date in the City's time
zone, because the timeline's current phase changes at midnight without any edit. A program
scheduled for publication appears at its time without any edit either, so no page is cached past
the next scheduled publication.
"""

import hashlib
import math
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.db.models import Subquery
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import has_vary_header
from django.utils.translation import get_language

from pilots.models import Program
from publicsite.models import ContentVersion

CACHE_SECONDS = 60 * 60
TRIGGER_NAME = "publicsite_content_changed"
# Hand-written SQL because only a database trigger sees every write in its own transaction:
# Django's signals miss queryset updates, bulk imports, TRUNCATE and migrations.
BUMP_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION publicsite_bump_content_version() RETURNS trigger AS $$
BEGIN
    -- An upsert, so that the row comes back after a TRUNCATE of every table.
    INSERT INTO publicsite_contentversion (id, version) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET version = publicsite_contentversion.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def content_state() -> tuple[int, int]:
    """The content version (0 before the first change) and how long a page may be cached: until
    the next scheduled publication, at most an hour. One query, so that a page's own queries and
    its footer's fit in the budget that tests/publicsite/test_queries.py holds them to."""
    next_publication = Program.objects.scheduled().order_by("publish_at").values("publish_at")[:1]
    row = (
        ContentVersion.objects.filter(pk=1)
        .annotate(upcoming=Subquery(next_publication))
        .values_list("version", "upcoming")
        .first()
    )
    # No row: no content was written since the tables were made (the trigger adds it), so no
    # program is scheduled either.
    version, upcoming = row or (0, None)
    if upcoming is None:
        return version, CACHE_SECONDS
    return version, max(1, min(CACHE_SECONDS, math.ceil((upcoming - timezone.now()).total_seconds())))


def content_version() -> int:
    """The current content version (0 before the first change): one query."""
    return content_state()[0]


def page_key(request: HttpRequest, query: Callable[[HttpRequest], str] | None = None) -> str:
    return _key(request, _validated_query(request, query), content_version())


def cached_page(view: Callable | None = None, *, query: Callable[[HttpRequest], str] | None = None):
    """Cache a public view's successful responses (headers included, e.g. a CSV's file name).

    `query`, when given, returns the validated query string the page depends on; without it the
    page depends on none. A request whose query string is not exactly that one (made-up, repeated
    or reordered parameters) is answered but never stored, so it cannot fill the cache. Nor is a
    response that sets a cookie or depends on the visitor (it read their session or CSRF token)."""
    if view is None:
        return lambda view: cached_page(view, query=query)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        validated = _validated_query(request, query)
        if request.GET.urlencode() != validated:
            return view(request, *args, **kwargs)
        version, seconds_to_keep = content_state()
        key = _key(request, validated, version)
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()  # a TemplateResponse, such as the sitemap's
        if response.status_code == 200 and not response.streaming and _same_for_everyone(request, response):
            cache.set(key, (response.content, dict(response.headers)), seconds_to_keep)
        return response

    return wrapper


def _validated_query(request: HttpRequest, query: Callable[[HttpRequest], str] | None) -> str:
    return "" if query is None else query(request)


def _key(request: HttpRequest, validated_query: str, version: int) -> str:
    raw = f"{version}|{timezone.localdate()}|{get_language()}|{request.path}?{validated_query}"
    return "publicsite:" + hashlib.sha256(raw.encode()).hexdigest()


def _same_for_everyone(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether another visitor may be given this response: it sets no cookie, does not vary on
    the cookie, and its view read neither the session nor the CSRF token."""
    session = getattr(request, "session", None)
    return not (
        response.cookies
        or has_vary_header(response, "Cookie")
        or (session is not None and session.accessed)
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def watch_app_tables(app_label: str) -> Callable:
    """A migration operation's code: make every table of the app bump the content version."""

    def forwards(apps, schema_editor):
        schema_editor.execute(BUMP_FUNCTION_SQL)
        for table in _content_tables(apps, app_label):
            schema_editor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER_NAME} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {schema_editor.quote_name(table)} FOR EACH STATEMENT "
                "EXECUTE FUNCTION publicsite_bump_content_version()"
            )

    def backwards(apps, schema_editor):
        for table in _content_tables(apps, app_label):
            quoted = schema_editor.quote_name(table)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON {quoted}")

    return forwards, backwards


def is_content_model(model) -> bool:
    """Not the version counter itself, nor a history table (audit.tracking), whose rows are
    written in the same statement as the content they copy and never show on a page."""
    if model._meta.db_table == "publicsite_contentversion":
        return False
    return not any(field.name == "pgh_id" for field in model._meta.fields)


def _content_tables(apps, app_label: str) -> list[str]:
    models = apps.get_app_config(app_label).get_models(include_auto_created=True)
    return [model._meta.db_table for model in models if is_content_model(model)]

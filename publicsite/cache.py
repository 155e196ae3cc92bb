"""Public pages cached per language, and invalidated the moment published content changes.

Every cache key contains the content version: a number in one database row that a Postgres
trigger on every content table increments, in the same transaction as the change. Staff saving
anything in the admin (or an import, a bulk action, a migration) therefore changes the key that
every app server computes on its next request, whichever process served the edit and whatever
cache backend is configured, even a per-process memory cache. Old entries are never read again
and expire on their own. A cached page costs one query: reading that number.

The key also holds the reader's language, the page's path and query string (the language links
in the header repeat it; a page that reads its query string through a form keys on the validated
values instead, so made-up parameters cannot fill the cache) and today's date in the City's time
zone, because the timeline's current phase changes at midnight without any edit. A program
scheduled for publication appears at its time without any edit either, so no page is cached past
the next scheduled publication.
"""

import hashlib
import math
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
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


def content_version() -> int:
    """The current content version (0 before the first change): one query."""
    return ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def seconds_to_keep() -> int:
    """How long a page may be cached: until the next scheduled publication, at most an hour."""
    upcoming = Program.objects.scheduled().aggregate(first=Min("publish_at"))["first"]
    if upcoming is None:
        return CACHE_SECONDS
    return max(1, min(CACHE_SECONDS, math.ceil((upcoming - timezone.now()).total_seconds())))


def page_key(request: HttpRequest, query: Callable[[HttpRequest], str] | None = None) -> str:
    path = request.get_full_path() if query is None else f"{request.path}?{query(request)}"
    raw = f"{content_version()}|{timezone.localdate()}|{get_language()}|{path}"
    return "publicsite:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_page(view: Callable | None = None, *, query: Callable[[HttpRequest], str] | None = None):
    """Cache a public view's successful responses (headers included, e.g. a CSV's file name).

    `query`, when given, returns the validated query string the page depends on; it replaces the
    raw one in the key."""
    if view is None:
        return lambda view: cached_page(view, query=query)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = page_key(request, query)
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()  # a TemplateResponse, such as the sitemap's
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, dict(response.headers)), seconds_to_keep())
        return response

    return wrapper


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

"""Public pages cached per language, and invalidated the moment published content changes.

Every cache key contains the content version: a number in one database row that a Postgres
trigger on every content table increments, in the same transaction as the change. Staff saving
anything in the admin (or an import, a bulk action, a migration) therefore changes the key that
every app server computes on its next request, whichever process served the edit and whatever
cache backend is configured, even a per-process memory cache. Old entries are never read again
and expire on their own.

Stored pages are served by publicsite.middleware.PageCacheMiddleware, after the security
middleware (the redirect to HTTPS, the security headers) and before the rest of the middleware
and the URL resolver run, with the headers they left with, and cost no query: each app
server keeps the version it read in the cache for VERSION_SECONDS, and a POST to the admin forgets
it, so staff see their edit on their next request; with a cache the app servers share, so does
every server. A change made elsewhere (a shell, a command, a migration), or seen from another
server with a cache of its own, shows within VERSION_SECONDS.

Stored pages go out `Cache-Control: public` with an ETag and Last-Modified, so a CDN or a browser
keeps them PUBLIC_MAX_AGE seconds and then asks again; while the stored copy lasts, the answer to
that question is a 304 built without rendering or any query.
"""

import hashlib
import math
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from django.utils.http import http_date, parse_http_date
from django.utils.translation import get_language_from_path

from core.publishing import is_previewing, publishable_models
from publicsite.models import ContentVersion

CACHE_SECONDS = 60 * 60
# A query on every hit held cached pages to well under a static file's throughput in
# benchmarks/public_pages.py; kept this long, the version costs one query per app server every
# two seconds.
VERSION_SECONDS = 2
VERSION_KEY = "publicsite:content-version"
LAST_VERSION_KEY = "publicsite:content-version-last-read"
# How long a CDN or a browser may show a public page before asking again.
PUBLIC_MAX_AGE = 60
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


def stored_content_version() -> int:
    """The content version in the database (0 before the first change): one query."""
    return ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def content_version() -> int:
    """The content version as read at most VERSION_SECONDS ago (or since the admin's last POST).
    While the database cannot be read, the version last read: no one can change the content then,
    so the pages stored for it are still the site as it stands."""
    version = cache.get(VERSION_KEY)
    if version is None:
        try:
            version = stored_content_version()
        except DatabaseError:
            version = cache.get(LAST_VERSION_KEY)
            if version is None:
                raise
            return version
        cache.set(VERSION_KEY, version, VERSION_SECONDS)
        cache.set(LAST_VERSION_KEY, version, CACHE_SECONDS)
    return version


def forget_content_version() -> None:
    """Make the next page read the content version from the database again."""
    cache.delete(VERSION_KEY)


def seconds_to_keep() -> int:
    """How long a page may be cached: until the next scheduled publication of any kind of
    content (core.publishing), at most an hour."""
    first, *others = [
        model.objects.scheduled().values_list("publish_at", flat=True) for model in publishable_models()
    ]
    # One query for every kind: every page that is cached runs it.
    upcoming = first.union(*others).order_by("publish_at").first()
    if upcoming is None:
        return CACHE_SECONDS
    return max(1, min(CACHE_SECONDS, math.ceil((upcoming - timezone.now()).total_seconds())))


def release() -> str:
    """The release that builds the pages: RELEASE as the deploy names it, and the hash of the
    static files' manifest, so that a page naming static files by their hashed names is never
    served by a release whose collected files are others."""
    return f"{settings.RELEASE}|{getattr(staticfiles_storage, 'manifest_hash', '')}"


def page_key(request: HttpRequest) -> str:
    """The cache key of the page this request asks for, found without resolving its URL: the
    language comes from the path, as LocaleMiddleware takes it (unprefixed paths are English).
    A page is stored compressed for requests that accept gzip, as GZipMiddleware decides, and
    uncompressed for the others. The release is part of it too, so a page is given out only by
    the code that built it; the host is not, since every absolute link on a page is built from
    SITE_URL, whatever host the request came in on, and every app server shares the page."""
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    encoding = "gzip" if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "identity"
    raw = (
        f"{release()}|{content_version()}|{timezone.localdate()}|{language}|{encoding}|"
        f"{request.path}?{request.GET.urlencode()}"
    )
    return "publicsite:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_page(view: Callable | None = None, *, query: Callable[[HttpRequest], str] | None = None):
    """Mark a public view's successful responses public, with an ETag and Last-Modified, so the page
    cache (publicsite.middleware) stores them, headers included (e.g. a CSV's file name), and CDNs
    and browsers may keep and revalidate them.

    `query`, when given, returns the validated query string the page depends on; without it the
    page depends on none. A request whose query string is not exactly that one (made-up, repeated
    or reordered parameters) is answered but not marked, so it cannot fill the cache, and so is a
    staff preview (publicsite.admin_views.preview), which must never be kept anywhere. A marked
    response that sets a cookie or depends on the visitor (it read their session or CSRF token)
    still becomes private (core.middleware.PrivateUnlessPublicMiddleware) and is not stored."""
    if view is None:
        return lambda view: cached_page(view, query=query)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        validated = "" if query is None else query(request)
        storable = request.GET.urlencode() == validated and not is_previewing()
        if storable and response.status_code == 200 and not response.streaming:
            if hasattr(response, "render"):
                response.render()  # a TemplateResponse, such as the sitemap's
            response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
            response["Last-Modified"] = http_date()
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            response.keep_seconds = seconds_to_keep()
        return response

    return wrapper


def storable_copy(response: HttpResponse) -> HttpResponse:
    """What the page cache keeps of a page: its content and headers, as a plain response that the
    cache pickles whole (with its Last-Modified as a number), so that a hit unpickles it without
    setting each header or reading the date again."""
    stored = HttpResponse(response.content, headers=dict(response.headers))
    stored.last_modified = parse_http_date(stored["Last-Modified"])
    return stored


def stored_response(stored: HttpResponse, request: HttpRequest) -> HttpResponse:
    """A stored page (a copy of its own, from the cache), or a 304 when the request names it by
    its ETag or Last-Modified."""
    return get_conditional_response(
        request, etag=stored["ETag"], last_modified=stored.last_modified, response=stored
    )


def watch_app_tables(app_label: str) -> Callable:
    """A migration operation's code: make every table of the app bump the content version."""
    return watch_tables(lambda apps: _content_tables(apps, app_label))


def watch_tables(tables: Callable) -> Callable:
    """A migration operation's code: make the tables `tables(apps)` names bump the content version
    (for content of another app that public pages show, such as reporting's City sites)."""

    def forwards(apps, schema_editor):
        schema_editor.execute(BUMP_FUNCTION_SQL)
        for table in tables(apps):
            schema_editor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER_NAME} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {schema_editor.quote_name(table)} FOR EACH STATEMENT "
                "EXECUTE FUNCTION publicsite_bump_content_version()"
            )

    def backwards(apps, schema_editor):
        for table in tables(apps):
            quoted = schema_editor.quote_name(table)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON {quoted}")

    return forwards, backwards


# Tables of other apps whose rows public pages show: the City sites and their walk-in hours.
OTHER_CONTENT_TABLES = ["reporting_site", "reporting_availability"]


def is_content_model(model) -> bool:
    """Not the version counter itself, nor the translation queue, nor a history table
    (audit.tracking), whose rows are written in the same statement as the content they follow
    and never show on a page."""
    if model._meta.db_table in ("publicsite_contentversion", "publicsite_translationstatus"):
        return False
    return not any(field.name == "pgh_id" for field in model._meta.fields)


def _content_tables(apps, app_label: str) -> list[str]:
    models = apps.get_app_config(app_label).get_models(include_auto_created=True)
    return [model._meta.db_table for model in models if is_content_model(model)]

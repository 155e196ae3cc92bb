from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError

from publicsite.cache import forget_content_version, page_key, storable_copy, stored_response


class PageCacheMiddleware:
    """The public page cache (publicsite/cache.py). A GET for a stored page is answered here,
    after the security middleware and before the rest of the middleware, the URL resolver and the
    view, with the stored headers (or a 304). A page its view marked public (`cached_page`) that
    is still public once every inner middleware has run (no cookie, no Vary: Cookie) is stored.
    The admin is never looked up, so its pages cost no extra query; after a POST there, where
    staff edit content, the next page reads the content version from the database again."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        if request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)  # whitenoise's, below
        in_admin = request.path.startswith(self.admin_prefix)
        if in_admin or request.method not in ("GET", "HEAD"):
            response = self.get_response(request)
            if in_admin and request.method == "POST":
                forget_content_version()
            return response
        request.get_host()  # a host that is not allowed is refused here too (400)
        try:
            key = page_key(request)
        except DatabaseError:
            # The content version could not be read: the page is answered as if not stored,
            # which gives the 503 page, with every header, if the database is still down.
            return self.get_response(request)
        stored = cache.get(key)
        if stored is not None:
            return stored_response(stored, request)
        response = self.get_response(request)
        keep_seconds = getattr(response, "keep_seconds", None)
        if keep_seconds and "public" in response.get("Cache-Control", ""):
            stored = storable_copy(response)
            cache.set(key, stored, keep_seconds)
            return stored_response(stored, request)
        return response

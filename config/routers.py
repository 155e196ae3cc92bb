"""Public pages read from the read replica; everything else uses the primary ("default").

Only with DATABASE_REPLICA_URL set (config/settings.py adds the "replica" database, this router
and its middleware). A GET or HEAD of a public-site page (the `publicsite` namespace) reads the
published content and the reports' anonymous figures from the replica, which may lag the
primary by a moment. Everything written, and every other read (the admin, a resident's report
and draft, sessions, sign-in, rate limits), goes to the primary, so nobody ever reads back a
stale copy of what they have just changed. The public page cache stays consistent: its key's
content version is read from the replica too (`public_reads`, around the page cache's look-up,
which comes before the URL is resolved), so a page is never stored under a newer version than
the content it was built from.
"""

from contextlib import contextmanager
from contextvars import ContextVar

REPLICA = "replica"
PRIMARY = "default"

# Content the public pages show, and the reporting figures they show (no personal data).
PUBLIC_APPS = {"pilots", "publicsite"}
PUBLIC_MODELS = {"reporting.reportfigures", "reporting.screeningexit"}
PUBLIC_NAMESPACE = "publicsite"

_public_page = ContextVar("public_page", default=False)


def reads_public_content(model) -> bool:
    return model._meta.app_label in PUBLIC_APPS or model._meta.label_lower in PUBLIC_MODELS


@contextmanager
def public_reads():
    """Read public content from the replica, when there is one, inside the block."""
    token = _public_page.set(True)
    try:
        yield
    finally:
        _public_page.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _public_page.get() and reads_public_content(model) else PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both hold the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica copies the primary's schema; migrations run on the primary only.
        return db == PRIMARY


class PublicPageReadsMiddleware:
    """Marks a GET or HEAD of a public-site page, for the router, while it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            _public_page.set(False)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD") and PUBLIC_NAMESPACE in request.resolver_match.namespaces:
            _public_page.set(True)

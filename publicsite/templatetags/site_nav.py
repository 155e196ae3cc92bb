from django import template
from django.core.cache import cache
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.publishing import is_previewing
from publicsite.cache import CACHE_SECONDS, content_version
from publicsite.models import Office

register = template.Library()

# The main navigation, in order.
MAIN_NAVIGATION = [
    (_("Home"), "publicsite:home"),
    (_("Programs"), "publicsite:programs"),
    (_("Timeline"), "publicsite:timeline"),
    (_("Updates"), "publicsite:updates"),
    (_("Data"), "publicsite:data"),
    (_("Get help"), "publicsite:help"),
    (_("Report theft or damage"), "reporting:start"),
]


# Links in the footer: reference pages that do not need a place in the main navigation.
FOOTER_NAVIGATION = [
    (_("Search"), "publicsite:search"),
    (_("Glossary"), "publicsite:glossary"),
    (_("Reports and resources"), "publicsite:resources"),
    (_("Contact"), "publicsite:contact"),
    (_("Report in person"), "publicsite:city-sites"),
    (_("Accessibility"), "publicsite:accessibility"),
    (_("Privacy"), "publicsite:privacy"),
]


@register.simple_tag
def main_navigation(request):
    """The navigation entries, with the one for the current page marked."""
    return _entries(MAIN_NAVIGATION, request)


@register.simple_tag
def footer_navigation(request):
    """The footer's links, with the name of their navigation landmark."""
    return {"label": _("More about this site"), "items": _entries(FOOTER_NAVIGATION, request)}


@register.simple_tag
def footer_offices() -> str:
    """The offices staff keep in the admin, drawn for the footer of every page. Drawn once per
    language and content version (publicsite.cache): the resident's form shows the footer on each
    of its pages, and the query and the drawing were a tenth of a submission's cost
    (benchmarks/submit_reports.py).

    The 503 page has this footer too, drawn while the database does not answer: it then shows the
    offices last drawn in the reader's language for the last content version read, while the
    cache still holds them, or none rather than fail itself (the emergency notice stays)."""

    def draw() -> str:
        return render_to_string("includes/footer_offices.html", {"offices": Office.objects.published()})

    if is_previewing():
        return draw()  # a preview may show a draft office: drawn for it alone, and kept nowhere
    try:
        key = f"publicsite:footer-offices:{get_language()}:{content_version()}"
        html = cache.get(key)
        if html is None:
            html = draw()
            cache.set(key, html, CACHE_SECONDS)
    except DatabaseError:
        return ""
    return html


@register.inclusion_tag("includes/preview_banner.html")
def preview_banner() -> dict:
    """The banner that says a page is a staff preview (publicsite.admin_views.preview)."""
    return {"previewing": is_previewing()}


def _entries(entries, request):
    urls = [(label, reverse(url_name)) for label, url_name in entries]
    return [{"label": label, "url": url, "current": request.path == url} for label, url in urls]

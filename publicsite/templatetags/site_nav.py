from django import template
from django.db import DatabaseError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
def footer_offices():
    """The offices staff keep in the admin, for the footer of every page: one small query (public
    pages are cached whole, footer included).

    The server error page has this footer too, and may be drawn because the database failed: it
    then shows no offices rather than fail itself (the emergency notice stays)."""
    try:
        return list(Office.objects.all())
    except DatabaseError:
        return []


def _entries(entries, request):
    urls = [(label, reverse(url_name)) for label, url_name in entries]
    return [{"label": label, "url": url, "current": request.path == url} for label, url in urls]

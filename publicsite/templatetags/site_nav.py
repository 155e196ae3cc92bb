import functools

from django import template
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

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
def current_navigation(request) -> str:
    """This page's address if a menu links to it, else "": with the language, all that the header
    and footer depend on, so they are cached by it."""
    linked = _addresses(MAIN_NAVIGATION) + _addresses(FOOTER_NAVIGATION)
    return request.path if request.path in linked else ""


@register.simple_tag
def main_navigation(request):
    """The navigation entries, with the one for the current page marked."""
    return _entries(MAIN_NAVIGATION, request)


@register.simple_tag
def footer_navigation(request):
    """The footer's links, with the name of their navigation landmark."""
    return {"label": _("More about this site"), "items": _entries(FOOTER_NAVIGATION, request)}


def _entries(entries, request):
    return [
        {"label": label, "url": url, "current": request.path == url}
        for (label, _url_name), url in zip(entries, _addresses(entries), strict=True)
    ]


def _addresses(entries) -> tuple[str, ...]:
    return _urls(tuple(url_name for _label, url_name in entries), get_language())


@functools.cache
def _urls(url_names: tuple[str, ...], language: str) -> tuple[str, ...]:
    # Every page draws both menus; their addresses only change with the language prefix, so
    # they are resolved once per language and process rather than on each request.
    return tuple(reverse(url_name) for url_name in url_names)

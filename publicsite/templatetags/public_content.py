from django import template
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import get_language

from pilots.models import DatePrecision
from publicsite import fallback

register = template.Library()


@register.simple_tag
def shown_in_english(obj, *fields):
    """`{% shown_in_english program "name" "summary" as english %}`: mark such text lang="en"."""
    return fallback.shown_in_english(obj, *fields)


@register.simple_tag
def page_links(request):
    """The page's canonical address and its address in each language, for search engines.

    Filters in the query string do not make a different page, so both leave it out.
    """
    base = settings.SITE_URL.rstrip("/")
    current = get_language()
    path = request.path
    if current != settings.LANGUAGE_CODE and path.startswith(f"/{current}/"):
        path = path[len(current) + 1 :]
    alternates = [
        {"code": code, "url": base + (path if code == settings.LANGUAGE_CODE else f"/{code}{path}")}
        for code, _name in settings.LANGUAGES
    ]
    canonical = next(link["url"] for link in alternates if link["code"] == current)
    return {"canonical": canonical, "alternates": alternates, "default": alternates[0]["url"]}


@register.filter
def precise_date(day, precision):
    """A date shown only as precisely as it is known: "2021", "December 2018" or "26 January 2021"."""
    if precision == DatePrecision.YEAR:
        return date_format(day, "Y")
    return date_format(day, "YEAR_MONTH_FORMAT" if precision == DatePrecision.MONTH else "DATE_FORMAT")

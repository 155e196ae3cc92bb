from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from pilots.models import CouncilUpdate, Program


class _EveryLanguage(Sitemap):
    """Each page once per language, with its hreflang alternates, at the site's public address
    (the same as the pages' canonical links, whatever host the request came in on)."""

    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        public = urlsplit(settings.SITE_URL)
        return super().get_urls(page=page, site=SimpleNamespace(domain=public.netloc), protocol=public.scheme)


class PagesSitemap(_EveryLanguage):
    def items(self):
        return [
            "publicsite:home",
            "publicsite:help",
            "publicsite:programs",
            "publicsite:timeline",
            "publicsite:updates",
            "publicsite:data",
            "publicsite:glossary",
            "publicsite:resources",
            "publicsite:contact",
            "publicsite:city-sites",
            "publicsite:accessibility",
            "publicsite:privacy",
        ]

    def location(self, item):
        return reverse(item)


class ProgramsSitemap(_EveryLanguage):
    def items(self):
        return Program.objects.published()

    def lastmod(self, program):
        return program.updated_at


class UpdatesSitemap(_EveryLanguage):
    def items(self):
        return CouncilUpdate.objects.published()

    def location(self, update):
        return reverse("publicsite:update", kwargs={"pk": update.pk})

    def lastmod(self, update):
        return update.updated_at


SITEMAPS = {"pages": PagesSitemap, "programs": ProgramsSitemap, "updates": UpdatesSitemap}

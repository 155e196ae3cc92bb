"""Addresses outside the language prefixes: the sitemap and robots.txt."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.http import require_safe

from publicsite import views
from publicsite.cache import cached_page
from publicsite.sitemaps import SITEMAPS

urlpatterns = [
    path(
        "sitemap.xml",
        require_safe(cached_page(sitemap)),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]

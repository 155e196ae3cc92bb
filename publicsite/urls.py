from django.urls import path
from django.views.decorators.http import require_safe

from publicsite import views
from publicsite.cache import cached_page
from publicsite.feeds import CouncilUpdatesFeed

app_name = "publicsite"

urlpatterns = [
    path("", views.home, name="home"),
    path("get-help/", views.help_finder, name="help"),
    path("programs/", views.programs, name="programs"),
    path("programs/<slug:slug>/", views.program, name="program"),
    path("timeline/", views.timeline, name="timeline"),
    path("updates/", views.updates, name="updates"),
    path("updates/feed/", require_safe(cached_page(CouncilUpdatesFeed())), name="updates-feed"),
    path("updates/<int:pk>/", views.update, name="update"),
    path("updates/<int:pk>/slides/", views.update_slides, name="update-slides"),
    path("updates/<int:pk>/council-report/", views.update_council_report, name="update-council-report"),
    path("data/", views.data, name="data"),
    path("data/reports/<slug:table>.csv", views.data_reports_csv, name="data-reports-csv"),
    path("data/<slug:code>/<slug:table>.csv", views.data_csv, name="data-csv"),
    path("glossary/", views.glossary, name="glossary"),
    path("resources/", views.resources, name="resources"),
    path("contact/", views.contact, name="contact"),
    path("in-person/", views.city_sites, name="city-sites"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("search/", views.search_page, name="search"),
]

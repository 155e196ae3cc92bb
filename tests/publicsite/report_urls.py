"""The public site plus a stand-in online report page, for tests of the links to it."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path

reporting_patterns = ([path("", lambda request: HttpResponse("report form"), name="start")], "reporting")

urlpatterns = i18n_patterns(
    path("", include("publicsite.urls")),
    path("report/", include(reporting_patterns)),
    prefix_default_language=False,
)

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config import views

admin.site.site_header = "Alternatives to police response: staff"
admin.site.site_title = "Alternatives to police response"
admin.site.index_title = "City staff administration"

handler400 = views.bad_request
handler500 = views.server_error

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path(settings.ADMIN_URL, admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("publicsite.urls")),
    path("report/", include("reporting.urls")),
    path("survey/", include("surveys.urls")),
    prefix_default_language=False,
)

# publicsite: the sitemap and robots.txt live outside the language prefixes.
urlpatterns += [path("", include("publicsite.root_urls"))]

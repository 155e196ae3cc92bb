from django.urls import path

from publicsite import views

app_name = "publicsite"

urlpatterns = [
    path("", views.home, name="home"),
    path("get-help/", views.help_finder, name="help"),
    path("glossary/", views.glossary, name="glossary"),
    path("resources/", views.resources, name="resources"),
    path("contact/", views.contact, name="contact"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("search/", views.search_page, name="search"),
]

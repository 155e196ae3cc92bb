from django.urls import path

from publicsite import views

app_name = "publicsite"

urlpatterns = [
    path("", views.home, name="home"),
]

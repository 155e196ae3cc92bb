from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.start, name="start"),
    path("screening/", views.screening, name="screening"),
    path("screening/<slug:exit>/", views.screening_exit, name="exit"),
    path("new/review/", views.review, name="review"),
    path("new/<slug:step>/", views.step, name="step"),
    path("address-suggestions/", views.address_suggestions, name="address-suggestions"),
    path("done/", views.done, name="done"),
    path("status/", views.lookup, name="lookup"),
    path("status/pin/", views.lookup_pin, name="lookup-pin"),
    path("status/link/<str:token>/", views.status_link, name="status-link"),
    path("status/sign-out/", views.sign_out, name="sign-out"),
    path("status/<str:reference>/", views.status, name="status"),
    path("status/<str:reference>/copy/", views.copy, name="copy"),
    path("status/<str:reference>/answer/", views.answer, name="answer"),
    path("status/<str:reference>/add/", views.supplement, name="supplement"),
    path("status/<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("status/<str:reference>/survey/", views.survey, name="survey"),
    path("status/<str:reference>/visit/<int:visit_id>/move/", views.move_visit, name="move-visit"),
    path("status/<str:reference>/visit/<int:visit_id>/cancel/", views.cancel_visit, name="cancel-visit"),
    path("visit/calendar/<str:token>/", views.visit_calendar, name="visit-calendar"),
]

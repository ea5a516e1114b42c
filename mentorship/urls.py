"""Member-facing mentorship URLs, mounted at /mentorship/. The results of
matching will live at matches/."""

from django.urls import path

from mentorship import views

urlpatterns = [
    path("", views.questionnaire, name="mentorship"),
    path("request/<str:username>/", views.request_view, name="mentorship_request"),
    path("requests/<int:pk>/withdraw/", views.withdraw, name="mentorship_withdraw"),
]

"""Member-facing mentorship URLs, mounted at /mentorship/."""

from django.urls import path

from mentorship import views

urlpatterns = [
    path("", views.questionnaire, name="mentorship"),
    path("matches/", views.matches, name="mentorship_matches"),
    path("request/<str:username>/", views.request_view, name="mentorship_request"),
    path("requests/<int:pk>/withdraw/", views.withdraw, name="mentorship_withdraw"),
]

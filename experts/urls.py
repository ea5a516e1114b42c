"""Member-facing mentorship URLs, mounted at /mentorship/."""

from django.urls import path

from experts import views

urlpatterns = [
    path(
        "request/<str:username>/",
        views.mentorship_request,
        name="mentorship_request",
    ),
    path(
        "requests/<int:pk>/withdraw/",
        views.mentorship_withdraw,
        name="mentorship_withdraw",
    ),
]

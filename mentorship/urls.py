"""Member-facing mentorship URLs, mounted at /mentorship/: the
questionnaire, matches and requests here, conversations and 1:1 sessions in
their own modules."""

from django.urls import include, path

from mentorship import views

urlpatterns = [
    path("", views.questionnaire, name="mentorship"),
    path("matches/", views.matches, name="mentorship_matches"),
    path("request/<str:username>/", views.request_view, name="mentorship_request"),
    path("requests/<id:pk>/withdraw/", views.withdraw, name="mentorship_withdraw"),
    path("", include("mentorship.conversation_urls")),
    path("", include("mentorship.one_to_one_urls")),
    path("", include("mentorship.review_urls")),
]

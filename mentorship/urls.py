"""Member-facing mentorship URLs, mounted at /mentorship/: the
questionnaire, matches and requests here, conversations and 1:1 sessions in
their own modules."""

from django.urls import include, path

from mentorship import detail_views, views

urlpatterns = [
    path("", views.questionnaire, name="mentorship"),
    path("matches/", views.matches, name="mentorship_matches"),
    path("availability/", views.availability, name="mentorship_availability"),
    path("request/<str:username>/", views.request_view, name="mentorship_request"),
    path("requests/<id:pk>/withdraw/", views.withdraw, name="mentorship_withdraw"),
    path("<id:mentorship_id>/", detail_views.detail, name="mentorship_detail"),
    *[
        path(
            f"<id:mentorship_id>/{action}/",
            detail_views.change,
            {"action": action},
            name=f"mentorship_{action}",
        )
        for action in detail_views.CHANGES
    ],
    path("", include("mentorship.conversation_urls")),
    path("", include("mentorship.one_to_one_urls")),
    path("", include("mentorship.review_urls")),
]

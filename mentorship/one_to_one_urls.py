"""1:1 sessions inside a mentorship, included by mentorship/urls.py."""

from django.urls import path

from mentorship import one_to_one_views as views

urlpatterns = [
    path(
        "<id:mentorship_id>/sessions/",
        views.one_to_one_list,
        name="one_to_one_list",
    ),
    path(
        "one-to-ones/<id:one_to_one_id>/accept/",
        views.one_to_one_accept,
        name="one_to_one_accept",
    ),
    path(
        "one-to-ones/<id:one_to_one_id>/decline/",
        views.one_to_one_decline,
        name="one_to_one_decline",
    ),
    path(
        "one-to-ones/<id:one_to_one_id>/cancel/",
        views.one_to_one_cancel,
        name="one_to_one_cancel",
    ),
    path(
        "one-to-ones/<id:one_to_one_id>/calendar.ics",
        views.one_to_one_calendar,
        name="one_to_one_calendar",
    ),
    path(
        "one-to-ones/<id:one_to_one_id>/complete/",
        views.one_to_one_complete,
        name="one_to_one_complete",
    ),
]

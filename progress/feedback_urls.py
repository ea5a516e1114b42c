"""/progress/feedback/: the member's feedback requests."""

from django.urls import path

from progress import feedback_views as views

urlpatterns = [
    path("", views.feedback_list, name="progress_feedback"),
    path("ask/<str:username>/", views.ask, name="progress_feedback_ask"),
    path(
        "<id:feedback_id>/withdraw/", views.withdraw, name="progress_feedback_withdraw"
    ),
]

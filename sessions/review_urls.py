from django.urls import path

from sessions import review_views

urlpatterns = [
    path(
        "sessions/<id:session_id>/",
        review_views.review_create,
        name="review_create",
    ),
    path(
        "<id:review_id>/reply/",
        review_views.review_reply,
        name="review_reply",
    ),
]

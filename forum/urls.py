"""/forum/. Actions on posts live under posts/<id>/, never under a
thread's address, so no title's slug can take an action's place."""

from django.urls import include, path

from forum import views, views_live, views_posting

urlpatterns = [
    # Ahead of the thread patterns: `t/<id>/<slug>/` would read
    # `t/<id>/follow/` as a slug.
    path("", include("forum.moderation_urls")),
    path("", include("forum.notification_urls")),
    path("", views.index, name="forum_index"),
    path("ask/", views_posting.ask, name="forum_ask"),
    path("similar/", views.similar, name="forum_similar"),
    path("c/<slug:slug>/", views.category, name="forum_category"),
    path("t/<id:thread_id>/live/", views_live.answer_live, name="forum_answer_live"),
    path("t/<id:pk>/viewed/", views.thread_viewed, name="forum_thread_viewed"),
    path("t/<id:pk>/", views.thread, name="forum_thread_short"),
    path("t/<id:pk>/<str:slug>/", views.thread, name="forum_thread"),
    path("posts/<id:pk>/reply/", views_posting.reply, name="forum_reply"),
    path("posts/<id:pk>/edit/", views_posting.edit, name="forum_edit"),
    path("posts/<id:pk>/delete/", views_posting.delete, name="forum_delete"),
    path("posts/<id:pk>/vote/", views_posting.vote, name="forum_vote"),
    path("posts/<id:pk>/accept/", views_posting.accept, name="forum_accept"),
]

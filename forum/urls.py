"""/forum/. Actions on posts live under posts/<id>/, never under a
thread's address, so no title's slug can take an action's place."""

from django.urls import path

from forum import views, views_posting

urlpatterns = [
    path("", views.index, name="forum_index"),
    path("ask/", views_posting.ask, name="forum_ask"),
    path("similar/", views.similar, name="forum_similar"),
    path("c/<slug:slug>/", views.category, name="forum_category"),
    path("t/<int:pk>/", views.thread, name="forum_thread_short"),
    path("t/<int:pk>/<str:slug>/", views.thread, name="forum_thread"),
    path("posts/<int:pk>/reply/", views_posting.reply, name="forum_reply"),
    path("posts/<int:pk>/edit/", views_posting.edit, name="forum_edit"),
    path("posts/<int:pk>/delete/", views_posting.delete, name="forum_delete"),
    path("posts/<int:pk>/vote/", views_posting.vote, name="forum_vote"),
    path("posts/<int:pk>/accept/", views_posting.accept, name="forum_accept"),
]

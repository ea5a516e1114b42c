"""Flagging a post, under /forum/. Staff's side is in the Wagtail admin
(forum/moderation_admin.py)."""

from django.urls import path

from forum import moderation_views as views

urlpatterns = [
    path("posts/<id:post_id>/flag/", views.flag_post, name="forum_flag"),
]

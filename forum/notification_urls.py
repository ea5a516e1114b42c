"""Following and notifications, under /forum/ (included ahead of the forum
pages' own URLs: `t/<id>/follow/` must not be read as a thread's slug)."""

from django.urls import path

from forum import notification_views as views

urlpatterns = [
    path("t/<id:thread_id>/follow/", views.follow_thread, name="forum_follow_thread"),
    path("c/<slug:slug>/follow/", views.follow_category, name="forum_follow_category"),
    path("notifications/", views.notification_list, name="forum_notifications"),
    path(
        "notifications/email/",
        views.notification_emails_setting,
        name="forum_emails_setting",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="forum_emails_unsubscribe",
    ),
]

"""Conversation URLs, included by mentorship/urls.py."""

from django.urls import path

from mentorship import conversation_views as views

urlpatterns = [
    path("messages/", views.inbox, name="mentorship_inbox"),
    path(
        "messages/email/",
        views.message_emails,
        name="mentorship_message_emails",
    ),
    path(
        "messages/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="mentorship_message_emails_unsubscribe",
    ),
    path(
        "messages/<id:message_id>/report/",
        views.report_message,
        name="mentorship_message_report",
    ),
    path(
        "<id:mentorship_id>/conversation/",
        views.conversation,
        name="mentorship_conversation",
    ),
]

from django.urls import path

from marketing import views

urlpatterns = [
    path(
        "email/preferences/",
        views.email_preferences,
        name="marketing_email_preferences",
    ),
    path(
        "email/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="marketing_unsubscribe",
    ),
    path(
        "newsletter/subscribe/",
        views.newsletter_subscribe,
        name="marketing_newsletter_subscribe",
    ),
    path(
        "newsletter/confirm/<str:token>/",
        views.newsletter_confirm,
        name="marketing_newsletter_confirm",
    ),
]

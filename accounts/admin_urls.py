"""Wagtail admin paths served by allauth instead (mounted ahead of Wagtail's
admin URLs): its login form and password reset would skip 2FA, lockouts,
rate limits and email verification."""

from django.urls import path

from accounts import admin_access

urlpatterns = [
    path("login/", admin_access.wagtail_admin_login, name="admin_login"),
    path("password_reset/", admin_access.wagtail_admin_password_reset),
]

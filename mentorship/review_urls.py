"""Reviewing a completed mentorship, included by mentorship/urls.py."""

from django.urls import path

from mentorship import review_views as views

urlpatterns = [
    path("<id:pk>/review/", views.review, name="mentorship_review"),
]

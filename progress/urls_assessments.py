"""Attempts at assessments, under /assessments/attempts/: plain Django
views beside the Wagtail pages of /assessments/. Included ahead of
Wagtail's catch-all, so these paths win; the slug "attempts" is reserved
below the assessment index (progress.admin_forms) so no page hides here."""

from django.urls import path

from progress import assessment_views as views

urlpatterns = [
    path("start/<id:assessment_id>/", views.attempt_start, name="assessment_start"),
    path("<id:attempt_id>/", views.attempt_page, name="assessment_attempt"),
    path("<id:attempt_id>/result/", views.attempt_result, name="assessment_result"),
]

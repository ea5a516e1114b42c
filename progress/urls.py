"""Skill tracking, mounted at /progress/ (assessments live under
/assessments/, a Wagtail index)."""

from django.urls import path

from progress import views

urlpatterns = [
    path("", views.overview, name="progress"),
    path("sharing/", views.sharing, name="progress_sharing"),
    path("skills/<str:slug>/", views.skill_page, name="progress_skill"),
    path("skills/<str:slug>/rate/", views.rate, name="progress_rate"),
    path("skills/<str:slug>/goal/", views.goal_save, name="progress_goal_save"),
    path(
        "skills/<str:slug>/evidence/",
        views.evidence_add,
        name="progress_evidence_add",
    ),
    path("goals/<id:pk>/delete/", views.goal_delete, name="progress_goal_delete"),
    path(
        "evidence/<id:pk>/delete/",
        views.evidence_delete,
        name="progress_evidence_delete",
    ),
    path(
        "members/<str:username>/",
        views.member_overview,
        name="progress_member",
    ),
    path(
        "members/<str:username>/skills/<str:slug>/",
        views.member_skill,
        name="progress_member_skill",
    ),
]

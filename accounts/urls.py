from django.urls import path

from accounts import views

urlpatterns = [
    path("profile/", views.profile_edit, name="profile_edit"),
    path("expert/apply/", views.expert_apply, name="expert_apply"),
]

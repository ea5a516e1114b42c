from django.urls import path

from accounts import views, views_data

urlpatterns = [
    path("profile/", views.profile_edit, name="profile_edit"),
    path("expert/apply/", views.expert_apply, name="expert_apply"),
    path("data/", views_data.your_data, name="account_data"),
    path("data/download/", views_data.download_data, name="account_data_download"),
    path("delete/", views_data.delete_account, name="account_delete"),
]

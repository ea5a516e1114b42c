from django.urls import path

from accounts import views

urlpatterns = [
    path("<str:username>/", views.member_profile, name="member_profile"),
]

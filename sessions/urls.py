from django.urls import path

from sessions import views

urlpatterns = [
    path("sessions/<id:session_id>/book/", views.booking_create, name="booking_create"),
    path(
        "sessions/<id:session_id>/calendar.ics",
        views.session_ics,
        name="session_ics",
    ),
    path("<id:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("waitlist/leave/<str:token>/", views.waitlist_leave, name="waitlist_leave"),
    path("calendar/reset/", views.calendar_feed_reset, name="calendar_feed_reset"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]

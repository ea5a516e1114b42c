"""/api/ : v1 is our REST API (views in each app's api.py), v2 is Wagtail's
pages API. Wagtail's images endpoint is left out: it lists every upload
with its title and original file, drafts' covers included, and nothing
here reads it (pages render their images server-side)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail.api.v2.router import WagtailAPIRouter

from api.pages import VisiblePagesAPIViewSet
from sessions import api as sessions_api

v1_patterns = [
    path("sessions/", sessions_api.SessionListApi.as_view(), name="session_list"),
    path(
        "sessions/<id:session_id>/",
        sessions_api.SessionDetailApi.as_view(),
        name="session_detail",
    ),
    # GET lists the caller's bookings, POST books.
    path("bookings/", sessions_api.BookingCollectionApi.as_view(), name="bookings"),
    path(
        "bookings/<id:booking_id>/cancel/",
        sessions_api.BookingCancelApi.as_view(),
        name="booking_cancel",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api_v1:schema"),
        name="docs",
    ),
]

v2_router = WagtailAPIRouter("wagtailapi")
v2_router.register_endpoint("pages", VisiblePagesAPIViewSet)

urlpatterns = [
    path("v1/", include((v1_patterns, "api_v1"))),
    path("v2/", v2_router.urls),
]

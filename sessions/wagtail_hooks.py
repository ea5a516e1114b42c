"""Admin wiring: the Category snippet for staff and the host's workspace."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_permissions import StaffOnlyPermissionPolicy
from sessions import admin_views
from sessions.models import Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Session categories")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    ordering = ["name"]

    @property
    def permission_policy(self):
        return StaffOnlyPermissionPolicy(self.model)


register_snippet(CategoryViewSet)


class HostMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_host(request.user)


@hooks.register("register_admin_menu_item")
def register_my_sessions_menu_item():
    return HostMenuItem(
        _("My sessions"),
        reverse("sessions_host_index"),
        name="my-sessions",
        icon_name="date",
        order=150,
    )


@hooks.register("register_admin_urls")
def register_host_urls():
    session = "hosting/<id:session_id>/"
    return [
        path(
            "hosting/",
            admin_views.MySessionsView.as_view(),
            name="sessions_host_index",
        ),
        path(
            session,
            admin_views.ParticipantsView.as_view(),
            name="sessions_host_participants",
        ),
        path(
            f"{session}participants.csv",
            admin_views.export_participants,
            name="sessions_host_export",
        ),
        path(
            f"{session}attendance/",
            admin_views.mark_attendance,
            name="sessions_host_attendance",
        ),
        path(
            f"{session}email/",
            admin_views.EmailParticipantsView.as_view(),
            name="sessions_host_email",
        ),
        path(
            f"{session}cancel/",
            admin_views.CancelSessionView.as_view(),
            name="sessions_host_cancel",
        ),
        path(
            f"{session}reschedule/",
            admin_views.RescheduleSessionView.as_view(),
            name="sessions_host_reschedule",
        ),
        path(
            f"{session}duplicate/",
            admin_views.DuplicateSessionView.as_view(),
            name="sessions_host_duplicate",
        ),
    ]

"""Workspace admin hooks (dashboard panels, insights); mentorship adds its
requests panel and page from its own wagtail_hooks."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.selectors import is_expert
from core.admin_permissions import is_staff
from experts.workspace import views
from experts.workspace.panels import panels_for


@hooks.register("construct_homepage_panels")
def add_workspace_panels(request, panels):
    # Always the signed-in user's own workspace: staff see theirs here and
    # switch to another expert's on the insights page.
    user = request.user
    expert = is_expert(user)
    # What the menu items would ask again.
    request._workspace_can_host = expert or is_staff(user)
    if request._workspace_can_host:
        panels.extend(panels_for(user, expert=expert))


@hooks.register("insert_global_admin_css")
def workspace_css():
    return render_to_string("experts/admin/workspace_css.html")


class WorkspaceMenuItem(MenuItem):
    def is_shown(self, request):
        return views.request_can_host(request)


@hooks.register("register_admin_menu_item")
def register_insights_menu_item():
    return WorkspaceMenuItem(
        _("Insights"),
        reverse("experts_insights"),
        name="insights",
        icon_name="table",
        order=151,
    )


@hooks.register("register_admin_urls")
def register_workspace_urls():
    return [
        path("insights/", views.InsightsView.as_view(), name="experts_insights"),
    ]

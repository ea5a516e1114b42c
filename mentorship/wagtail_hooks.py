"""Mentorship in the admin: the mentor's requests in the expert workspace (a
dashboard panel, a menu item and the answer page; experts may not import
this app, so it plugs itself in here), and staff's abuse reports
(abuse_admin.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from experts.workspace.hooks import WorkspaceMenuItem
from experts.workspace.views import request_can_host
from mentorship import admin_views
from mentorship.abuse_admin import abuse_report_viewset


@hooks.register("construct_homepage_panels")
def add_requests_panel(request, panels):
    if request_can_host(request):
        panels.append(admin_views.RequestsPanel(request.user))


@hooks.register("register_admin_menu_item")
def register_requests_menu_item():
    return WorkspaceMenuItem(
        _("Mentorship requests"),
        reverse("mentorship_admin_requests"),
        name="mentorship-requests",
        icon_name="group",
        order=152,
    )


@hooks.register("register_admin_urls")
def register_requests_urls():
    return [
        path(
            "mentorship/",
            admin_views.RequestsView.as_view(),
            name="mentorship_admin_requests",
        ),
        path(
            "mentorship/<int:pk>/answer/",
            admin_views.answer_request,
            name="mentorship_admin_answer",
        ),
    ]


@hooks.register("register_admin_viewset")
def register_abuse_report_viewset():
    return abuse_report_viewset

"""Progress in the Wagtail admin, in the expert's workspace (experts may not
import this app, so it plugs itself in here): experts answer feedback
requests, see their participants' levels in aggregate on their dashboard,
and, with staff, mark the short answers of attempts awaiting review
(progress/assessment_admin.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from experts.workspace.hooks import WorkspaceMenuItem
from experts.workspace.views import request_can_host
from progress import assessment_admin, feedback_admin


@hooks.register("construct_homepage_panels")
def add_participant_levels_panel(request, panels):
    if request_can_host(request):
        panels.append(feedback_admin.ParticipantLevelsPanel(request.user))


@hooks.register("register_admin_menu_item")
def register_feedback_menu_item():
    return WorkspaceMenuItem(
        _("Feedback requests"),
        reverse("progress_admin_feedback_queue"),
        name="feedback-requests",
        icon_name="comment",
        order=153,
    )


@hooks.register("register_admin_menu_item")
def register_marking_menu_item():
    # Shown to experts and staff, like the rest of the expert's workspace.
    return WorkspaceMenuItem(
        _("Answers to mark"),
        reverse("progress_marking_queue"),
        name="assessment-marking",
        icon_name="edit",
        order=154,
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "progress/feedback/",
            feedback_admin.FeedbackQueueView.as_view(),
            name="progress_admin_feedback_queue",
        ),
        path(
            "progress/feedback/<int:feedback_id>/",
            feedback_admin.FeedbackAnswerView.as_view(),
            name="progress_admin_feedback",
        ),
        *assessment_admin.get_urlpatterns(),
    ]

"""Progress in the Wagtail admin: experts and staff mark the short answers
of attempts awaiting review (progress/assessment_admin.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from experts.workspace.hooks import WorkspaceMenuItem
from progress import assessment_admin


@hooks.register("register_admin_urls")
def register_marking_urls():
    return assessment_admin.get_urlpatterns()


@hooks.register("register_admin_menu_item")
def register_marking_menu_item():
    # Shown to experts and staff, like the rest of the expert's workspace.
    return WorkspaceMenuItem(
        _("Answers to mark"),
        reverse("progress_marking_queue"),
        name="assessment-marking",
        icon_name="edit",
        order=153,
    )

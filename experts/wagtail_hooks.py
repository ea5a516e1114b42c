"""Admin wiring for experts: the staff's queue of expert applications. The
expert's workspace (dashboard panels, insights) and the page scoping live in
their own modules, imported at the bottom so their hooks register."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.models import ExpertApplication
from experts.admin_reports import EarningsByExpertReportView
from experts.application_views import (
    ApplicationPermissionPolicy,
    ExpertApplicationReviewView,
)


class ExpertApplicationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "reviewer")


class ExpertApplicationViewSet(ModelViewSet):
    model = ExpertApplication
    index_view_class = ExpertApplicationIndexView
    icon = "user"
    menu_label = _("Expert applications")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["user", "status", "created_at", "reviewed_at", "reviewer"]
    list_filter = ["status", "created_at"]
    search_fields = ["user__username", "user__email", "user__name", "motivation"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "user",
        "status",
        "motivation",
        "links",
        "created_at",
        "reviewer",
        "reviewed_at",
        "reviewer_note",
    ]
    copy_view_enabled = False
    ordering = ["-created_at"]
    form_fields = ["reviewer_note"]

    @property
    def permission_policy(self):
        return ApplicationPermissionPolicy(self.model)

    @property
    def review_view(self):
        return ExpertApplicationReviewView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
        )

    def get_urlpatterns(self):
        # Editing an application means deciding it, so the "edit" URL that
        # the listing links to is the review form.
        patterns = [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in {"edit", "add", "delete"}
        ]
        return [
            *patterns,
            path("edit/<int:pk>/", self.review_view, name="edit"),
        ]


expert_application_viewset = ExpertApplicationViewSet("expert_applications")


@hooks.register("register_admin_viewset")
def register_expert_application_viewset():
    return expert_application_viewset


@hooks.register("register_admin_urls")
def register_earnings_report_urls():
    return EarningsByExpertReportView.urls("payments-by-expert")


@hooks.register("register_reports_menu_item")
def register_earnings_report_menu_item():
    return EarningsByExpertReportView.menu_item(
        name="payments-by-expert", icon_name="user", order=1310
    )


# Imported for their hook registrations.
from experts import admin_scope  # noqa: E402, F401
from experts.workspace import hooks as workspace_hooks  # noqa: E402, F401

"""Workspace admin hooks (dashboard panels, insights); mentorship adds its
requests panel and page from its own wagtail_hooks."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import PagesSummaryItem, SummaryItem
from wagtail.models import Page

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


class OwnPagesSummaryItem(SummaryItem):
    """The pages this user owns. Wagtail's item counts every page under the
    highest page the user may explore: for an expert, who may add under
    the session and expert indexes, that is the whole site."""

    order = PagesSummaryItem.order
    template_name = "experts/admin/own_pages_summary.html"

    def get_context_data(self, parent_context):
        user = self.request.user
        return {
            "count": Page.objects.filter(owner=user).count(),
            "url": f"{reverse('wagtailadmin_pages:search')}?owner={user.pk}",
        }


# After Wagtail's own hook has added its item.
@hooks.register("construct_homepage_summary_items", order=100)
def count_own_pages_for_experts(request, summary_items):
    if is_staff(request.user):
        return
    summary_items[:] = [
        OwnPagesSummaryItem(request) if isinstance(item, PagesSummaryItem) else item
        for item in summary_items
    ]

"""Admin wiring for core: the addresses that answer 410 Gone (staff may
delete one to let it answer 404 again; rows are made by deleting pages, never
by hand), and the refusal to delete pages members' records depend on."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin_deletion import (
    GuardedDeleteBulkAction,
    refuse_page_deletion,
    run_page_actions_atomically,
)
from core.admin_permissions import StaffOnlyPermissionPolicy
from core.models import RemovedPage


class RemovedPagePolicy(StaffOnlyPermissionPolicy):
    allowed_actions = {"view", "delete"}


class RemovedPageIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("site")


class RemovedPageViewSet(ModelViewSet):
    model = RemovedPage
    index_view_class = RemovedPageIndexView
    # Says that a redirect for the address wins over the 410.
    index_template_name = "core/admin/removed_page_index.html"
    icon = "bin"
    menu_label = _("Removed pages")
    add_to_settings_menu = True
    list_display = ["path", "title", "site", "removed_at"]
    list_filter = ["site", "removed_at"]
    search_fields = ["path", "title"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["-removed_at"]
    # ModelViewSet builds the add and edit forms when it registers its URLs;
    # the policy lets nobody open them.
    form_fields = ["title"]

    @property
    def permission_policy(self):
        return RemovedPagePolicy(self.model)


@hooks.register("register_admin_viewset")
def register_removed_page_viewset():
    return RemovedPageViewSet("removed_pages")


hooks.register("before_delete_page", refuse_page_deletion)
# Replaces Wagtail's own bulk delete of pages: the registry keeps the last
# class registered for a model and action, and order=1 runs after Wagtail's.
hooks.register("register_bulk_action", GuardedDeleteBulkAction, order=1)
# After the apps that replace the pages endpoint (default order 0).
hooks.register("construct_admin_api", run_page_actions_atomically, order=1)

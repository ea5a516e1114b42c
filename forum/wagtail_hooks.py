"""Admin wiring: staff manage the forum's categories."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_permissions import StaffOnlyPermissionPolicy
from forum.models import Category


class ForumCategoryViewSet(SnippetViewSet):
    model = Category
    icon = "group"
    menu_label = _("Forum categories")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "description"]
    ordering = ["order", "name"]

    @property
    def permission_policy(self):
        return StaffOnlyPermissionPolicy(self.model)


register_snippet(ForumCategoryViewSet)

"""The forum in the Wagtail admin: staff manage its categories; moderators
work its queue.

Moderation (forum/moderation_admin.py): the queue's pages, its menu item
for moderators, the names of its actions in the audit log, and the
`forum.moderate` permission offered in Settings → Groups.
"""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_permissions import StaffOnlyPermissionPolicy
from forum import moderation_admin
from forum.models import Category

# --- Categories ------------------------------------------------------------------


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


# --- Moderation ------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return moderation_admin.get_urlpatterns()


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return moderation_admin.menu_item()


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for action, (label, message) in moderation_admin.LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_permissions")
def register_moderation_permission():
    return Permission.objects.filter(
        content_type__app_label="forum", codename="moderate"
    )

"""The forum in the Wagtail admin.

Moderation (forum/moderation_admin.py): the queue's pages, its menu item
for moderators, the names of its actions in the audit log, and the
`forum.moderate` permission offered in Settings → Groups.
"""

from django.contrib.auth.models import Permission
from wagtail import hooks

from forum import moderation_admin

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

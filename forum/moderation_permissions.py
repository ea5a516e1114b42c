"""Who moderates the forum: staff, and members holding `forum.moderate`
(a "Forum moderators" group, say, with admin access too; not Wagtail's
"Moderators", who review pages). Asked by the moderation services and,
through a Wagtail permission policy, by the moderation queue in the admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from core.admin_permissions import is_staff

MODERATE_PERMISSION = "forum.moderate"


def can_moderate(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_staff(user) or user.has_perm(MODERATE_PERMISSION)


class ModerationPermissionPolicy(BasePermissionPolicy):
    """Moderators may do everything in the queue; nobody else anything."""

    def user_has_permission(self, user, action):
        return can_moderate(user)

    def users_with_any_permission(self, actions):
        app_label, codename = MODERATE_PERMISSION.split(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
        return (
            get_user_model()
            .objects.filter(
                Q(is_staff=True)
                | Q(is_superuser=True)
                | Q(user_permissions__in=permission)
                | Q(groups__permissions__in=permission),
                is_active=True,
            )
            .distinct()
        )

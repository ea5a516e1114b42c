"""Admin listings only staff may use: experts reach the Wagtail admin too
(for their pages), so admin access alone is not enough."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy


def is_staff(user) -> bool:
    return bool(user.is_active and (user.is_staff or user.is_superuser))


class StaffOnlyPermissionPolicy(BasePermissionPolicy):
    """Staff may do `allowed_actions` (every action when None); nobody else
    may do anything."""

    allowed_actions: set[str] | None = None

    def user_has_permission(self, user, action):
        allowed = self.allowed_actions is None or action in self.allowed_actions
        return allowed and is_staff(user)

    def users_with_any_permission(self, actions):
        if self.allowed_actions is not None and not self.allowed_actions & set(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(
            Q(is_staff=True) | Q(is_superuser=True), is_active=True
        )

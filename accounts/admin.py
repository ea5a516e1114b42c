from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.deletion import describe_deletion
from accounts.errors import AccountsError
from accounts.models import User
from accounts.selectors import get_account_deletion_plan
from accounts.services import delete_account


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("name", "email")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = ("username", "email", "name", "is_staff", "is_active")
    search_fields = ("username", "name", "email")
    delete_confirmation_template = "accounts/admin/user_delete_confirmation.html"

    # Deleting an account goes through accounts.services.delete_account, here
    # as in Wagtail's user admin: what stands in the way is shown as
    # "protected" (Django then offers no confirm button, for one user or the
    # "delete selected" action), and the deletion itself is the service's.

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        for user in objs:
            blockers = get_account_deletion_plan(user).blockers
            protected.extend(f"{user}: {reason}" for reason in blockers)
        return deleted, counts, perms_needed, protected

    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, unquote(object_id))
        if user is not None:
            extra_context = {
                **(extra_context or {}),
                "deletion_effects": get_account_deletion_plan(user).effects,
            }
        try:
            return super().delete_view(request, object_id, extra_context)
        except AccountsError as error:
            # Something came in the way since the confirmation was shown.
            self.message_user(request, error.message, messages.ERROR)
            return redirect(reverse("admin:accounts_user_change", args=[object_id]))

    def delete_model(self, request, obj):
        effects = delete_account(user=obj, by=request.user)
        self.message_user(request, describe_deletion(obj, effects))

    def delete_queryset(self, request, queryset):
        for user in queryset:
            try:
                effects = delete_account(user=user, by=request.user)
            except AccountsError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, describe_deletion(user, effects))

"""Staff see payments in the admin (read-only: Stripe is the source of
truth, and refunds are made there or by our own services)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin_permissions import StaffOnlyPermissionPolicy
from payments.models import Payment


class ReadOnlyStaffPolicy(StaffOnlyPermissionPolicy):
    allowed_actions = {"view"}


class PaymentViewSet(ModelViewSet):
    model = Payment
    icon = "form"
    menu_label = _("Payments")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["created_at", "user", "description", "amount", "currency", "status"]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["description", "user__email", "stripe_checkout_session_id"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["-created_at"]
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return ReadOnlyStaffPolicy(self.model)


@hooks.register("register_admin_viewset")
def register_payment_viewset():
    return PaymentViewSet("payments")

"""Staff see payments and refunds in the admin (read-only: Stripe is the
source of truth, and refunds are made there or by our own services), and
the payments report under Reports."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from payments.admin_reports import PaymentsByMonthReportView, ReadOnlyStaffPolicy
from payments.models import Payment, Refund


class PaymentInspectView(InspectView):
    def get_fields(self):
        return [*super().get_fields(), "refunds"]

    def get_refunds_display_value(self):
        """Each refund of the payment, linked to its own page."""
        refunds = self.object.refunds.all()
        if not refunds:
            return _("None")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>: {} {}, {}, {}</li>',
                (
                    (
                        reverse("refunds:inspect", args=[refund.pk]),
                        refund.stripe_refund_id,
                        refund.amount,
                        refund.currency,
                        refund.get_status_display(),
                        date_format(refund.created, "DATETIME_FORMAT"),
                    )
                    for refund in refunds
                ),
            ),
        )


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
    inspect_view_class = PaymentInspectView
    copy_view_enabled = False
    ordering = ["-created_at"]
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return ReadOnlyStaffPolicy(self.model)


class RefundIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("payment")


class RefundViewSet(ModelViewSet):
    model = Refund
    icon = "resubmit"
    menu_label = _("Refunds")
    menu_order = 261
    add_to_admin_menu = True
    index_view_class = RefundIndexView
    list_display = ["created", "stripe_refund_id", "payment", "amount", "currency"]
    list_display += ["status"]
    list_filter = ["status", "currency", "created"]
    search_fields = ["stripe_refund_id", "stripe_payment_intent_id", "stripe_charge_id"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["-created"]
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return ReadOnlyStaffPolicy(self.model)


@hooks.register("register_admin_viewset")
def register_payment_viewset():
    return PaymentViewSet("payments")


@hooks.register("register_admin_viewset")
def register_refund_viewset():
    return RefundViewSet("refunds")


@hooks.register("register_admin_urls")
def register_report_urls():
    return PaymentsByMonthReportView.urls("payments-by-month")


@hooks.register("register_reports_menu_item")
def register_payments_report_menu_item():
    return PaymentsByMonthReportView.menu_item(
        name="payments-by-month", icon_name="form", order=1300
    )

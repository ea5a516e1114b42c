"""A member's payments in their data download; registered with
`accounts.data_export` from PaymentsConfig.ready()."""

from django.db.models import Prefetch

from accounts.data_export import iso, money
from payments.models import (
    Entitlement,
    MeteredView,
    Payment,
    Refund,
    StripeCustomer,
    Subscription,
)


def _refund(refund: Refund) -> dict:
    return {
        "amount": money(refund.amount),
        "currency": refund.currency,
        "status": refund.status,
        "reason": refund.reason,
        "stripe_refund_id": refund.stripe_refund_id,
        "refunded_at": iso(refund.created),
    }


def _payment(payment: Payment) -> dict:
    return {
        "description": payment.description,
        "kind": payment.kind,
        "plan": payment.plan,
        "amount": money(payment.amount),
        "currency": payment.currency,
        "status": payment.status,
        "created_at": iso(payment.created_at),
        "receipt_url": payment.receipt_url,
        "stripe_checkout_session_id": payment.stripe_checkout_session_id,
        "stripe_payment_intent_id": payment.stripe_payment_intent_id,
        "stripe_invoice_id": payment.stripe_invoice_id,
        "stripe_subscription_id": payment.stripe_subscription_id,
        "refunds": [_refund(refund) for refund in payment.refunds.all()],
    }


class PaymentsDataExport:
    """Payments with their refunds, what they gave access to, memberships,
    the Stripe customer id and the metered views of premium pages. Amounts
    are strings (exact decimals); card details are with Stripe, not here."""

    name = "payments"

    def export(self, *, user) -> dict:
        payments = (
            Payment.objects.filter(user=user)
            .prefetch_related(
                Prefetch("refunds", queryset=Refund.objects.order_by("created", "pk"))
            )
            .order_by("created_at", "pk")
        )
        entitlements = Entitlement.objects.filter(user=user).order_by(
            "valid_from", "pk"
        )
        subscriptions = Subscription.objects.filter(user=user).order_by(
            "created_at", "pk"
        )
        customer = StripeCustomer.objects.filter(user=user).first()
        views = MeteredView.objects.filter(user=user).order_by("month", "page_id")
        return {
            "stripe_customer_id": customer.stripe_customer_id if customer else None,
            "payments": [_payment(payment) for payment in payments],
            "entitlements": [
                {
                    "kind": entitlement.kind,
                    "object_id": entitlement.object_id,
                    "valid_from": iso(entitlement.valid_from),
                    "valid_until": iso(entitlement.valid_until),
                    "revoked_at": iso(entitlement.revoked_at),
                    "stripe_subscription_id": entitlement.stripe_subscription_id,
                }
                for entitlement in entitlements
            ],
            "subscriptions": [
                {
                    "plan": subscription.plan,
                    "status": subscription.status,
                    "current_period_end": iso(subscription.current_period_end),
                    "cancel_at_period_end": subscription.cancel_at_period_end,
                    "trial_end": iso(subscription.trial_end),
                    "ended_at": iso(subscription.ended_at),
                    "created_at": iso(subscription.created_at),
                    "stripe_subscription_id": subscription.stripe_subscription_id,
                    "stripe_customer_id": subscription.stripe_customer_id,
                }
                for subscription in subscriptions
            ],
            "metered_views": [
                {"page_id": view.page_id, "month": iso(view.month)} for view in views
            ],
        }

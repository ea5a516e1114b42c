"""Payments as our checkout leaves them, before Stripe reports back."""

from datetime import datetime
from decimal import Decimal

from payments.models import Payment, Refund


def pending_purchase(user, **changes) -> Payment:
    """A premium page checked out for 9.00 EUR."""
    fields = {
        "user": user,
        "kind": "page",
        "object_id": 1,
        "description": "Zero-downtime migrations",
        "amount": Decimal("9.00"),
        "currency": "EUR",
        "stripe_checkout_session_id": "cs_test_one_off",
    }
    return Payment.objects.create(**{**fields, **changes})


def pending_membership(user, **changes) -> Payment:
    """A monthly membership checked out for 15.00 EUR."""
    return pending_purchase(
        user,
        kind="membership",
        object_id=None,
        plan="monthly",
        description="MasteryHub membership (monthly)",
        amount=Decimal("15.00"),
        stripe_checkout_session_id="cs_test_membership",
        **changes,
    )


def refund_row(
    payment: Payment,
    amount: str,
    *,
    created: datetime,
    status: str = Refund.Status.SUCCEEDED,
) -> Refund:
    """A refund of `payment` as the webhook records it."""
    return Refund.objects.create(
        payment=payment,
        stripe_refund_id=f"re_test_{Refund.objects.count() + 1}",
        stripe_payment_intent_id=payment.stripe_payment_intent_id,
        amount=Decimal(amount),
        currency=payment.currency,
        status=status,
        created=created,
    )

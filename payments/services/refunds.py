"""Refunds we start ourselves (a paid seat we cannot honour, a session the
host cancelled). Stripe then sends `charge.refunded`, which takes access
away through the webhook like a refund made in Stripe's dashboard."""

import logging

import stripe
from django.db import transaction

from payments import gateway
from payments.models import Payment

logger = logging.getLogger(__name__)


def refund_payment(*, payment: Payment, reason: str) -> bool:
    """Ask Stripe to refund in full; idempotent per payment, so a retried
    webhook cannot refund twice. If Stripe cannot be reached the error
    propagates: the webhook's transaction rolls back and Stripe retries it."""
    if not payment.stripe_payment_intent_id:
        logger.error("Payment %s has no payment intent to refund", payment.pk)
        return False
    try:
        gateway.client().v1.refunds.create(
            params={
                "payment_intent": payment.stripe_payment_intent_id,
                "metadata": {"payment_id": str(payment.pk), "reason": reason},
            },
            options={"idempotency_key": f"refund-{payment.pk}"},
        )
    except stripe.StripeError:
        logger.exception("Refund of payment %s failed", payment.pk)
        raise
    return True


def refund_purchases(*, kind: str, object_ids: list[int], reason: str) -> int:
    """Queue full refunds of what was paid for these things (the seats of a
    session the host cancelled), once the caller's transaction commits."""
    from payments.tasks import refund_payment_task

    payments = list(
        Payment.objects.filter(
            kind=kind, object_id__in=object_ids, status=Payment.Status.PAID
        ).values_list("pk", flat=True)
    )
    for payment_id in payments:
        transaction.on_commit(
            lambda pk=payment_id: refund_payment_task.enqueue(
                payment_id=pk, reason=reason
            )
        )
    return len(payments)

"""Refunds we start ourselves: a payment we cannot honour (a seat gone, a
thing already paid for), a seat the member cancelled in time, a session the
host cancelled. Each is queued and sent by a task after the deciding
transaction commits, never under its locks; Stripe then sends
`charge.refunded`, which the ledger records like a refund made in Stripe's
Dashboard."""

import logging

import stripe
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.emails import queue_email
from payments import gateway
from payments.models import Payment

logger = logging.getLogger(__name__)

# Why a payment we could not honour was refunded, as its member reads it.
UNAVAILABLE = "unavailable"
DUPLICATE = "duplicate"
UNHONOURED = {
    UNAVAILABLE: _(
        "what you paid for was no longer available when your payment arrived "
        "(the booking or the session had been cancelled, or the seat had gone "
        "to someone else)"
    ),
    DUPLICATE: _("you had already paid for it"),
}


def refund_payment(*, payment: Payment, reason: str) -> bool:
    """Ask Stripe to refund what is left of the payment; idempotent per
    payment, so a retried task cannot refund twice. Raises StripeError when
    Stripe cannot be reached (the task fails and is logged)."""
    if not payment.stripe_payment_intent_id:
        logger.error("Payment %s has no payment intent to refund", payment.pk)
        return False
    if not gateway.is_configured():
        # Demo data, or keys removed: nothing can be refunded from here.
        logger.error("Stripe is not configured: refund payment %s by hand", payment.pk)
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


def _queue_refunds(payment_ids: list[int], reason: str) -> None:
    from payments.tasks import refund_payment_task

    for payment_id in payment_ids:
        transaction.on_commit(
            lambda pk=payment_id: refund_payment_task.enqueue(
                payment_id=pk, reason=reason
            )
        )


def refund_unhonoured(*, payment: Payment, reason: str) -> None:
    """A payment that arrived for something we cannot give (`UNHONOURED`):
    refunded in full after commit, and the member told why."""
    logger.info("Payment %s cannot be honoured (%s): refunding", payment.pk, reason)
    _queue_refunds([payment.pk], reason)
    if payment.user is None:
        return
    queue_email(
        template_prefix="payments/email/payment_refunded",
        to=payment.user.email,
        context={
            "user": payment.user,
            "payment": payment,
            "why": UNHONOURED[reason],
            "billing_url": settings.SITE_URL.rstrip("/") + reverse("billing"),
        },
    )


def refund_purchases(*, kind: str, object_ids: list[int], reason: str) -> int:
    """Queue full refunds of what was paid for these things (the seats of a
    session the host cancelled, a seat cancelled in time), once the caller's
    transaction commits. Returns how many payments will be refunded."""
    payment_ids = list(
        Payment.objects.filter(
            kind=kind, object_id__in=object_ids, status__in=Payment.REFUNDABLE
        ).values_list("pk", flat=True)
    )
    _queue_refunds(payment_ids, reason)
    return len(payment_ids)

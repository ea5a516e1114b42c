"""One-off purchases and the first payment of a membership: Checkout
Sessions completed (at once or, for delayed methods, later), failed or
abandoned."""

import logging

from django.db import transaction

from payments.models import Kind, Payment, StripeEvent
from payments.registry import get_purchasable
from payments.services.entitlements import already_granted
from payments.services.ledger import derive_status, link_refunds
from payments.services.refunds import DUPLICATE, refund_unhonoured
from payments.shapes import (
    WORD,
    currency,
    identifier,
    mapping,
    money,
    our_pk,
    read_envelope,
    text,
    url,
)

logger = logging.getLogger(__name__)


def _payment_for_session(session: dict) -> Payment | None:
    session_id = identifier(session, "id")
    payment_id = our_pk(mapping(session, "metadata"), "payment_id")
    payment = None
    if payment_id is not None:
        payment = (
            Payment.objects.select_for_update()
            .filter(pk=payment_id, stripe_checkout_session_id=session_id)
            .first()
        )
    if payment is None:
        # Made outside this site (a Payment Link, the Dashboard) or not
        # ours at all: nothing a retry could change.
        logger.warning("Checkout Session %s matches no payment of ours", session_id)
    return payment


def receipt_seen(invoice_id: str) -> str:
    """The receipt from an invoice.paid that arrived before the payment."""
    payload = (
        StripeEvent.objects.filter(type="invoice.paid", object_id=invoice_id)
        .values_list("payload", flat=True)
        .first()
    )
    return url(read_envelope(payload).object, "hosted_invoice_url") if payload else ""


def enqueue_fee(payment: Payment) -> None:
    from payments.tasks import record_fee_task

    transaction.on_commit(lambda: record_fee_task.enqueue(payment_id=payment.pk))


def mark_paid(payment: Payment, session: dict) -> None:
    if payment.status in Payment.SETTLED:
        return  # Delivered again, or a delayed payment confirmed twice.
    # What was charged, after promotion codes; our price stays in the offer.
    amount = money(session, "amount_total")
    charged_in = currency(session)
    intent = identifier(session, "payment_intent", optional=True)
    subscription = identifier(session, "subscription", optional=True)
    invoice = identifier(session, "invoice", optional=True)
    payment.amount = amount
    payment.currency = charged_in
    # A membership's intent comes from its invoice (invoice_payment.paid),
    # which may have been reported first.
    payment.stripe_payment_intent_id = intent or payment.stripe_payment_intent_id
    payment.stripe_subscription_id = subscription or payment.stripe_subscription_id
    if invoice:
        payment.stripe_invoice_id = invoice
        payment.receipt_url = receipt_seen(invoice) or payment.receipt_url
    payment.status = Payment.Status.PAID
    payment.save()
    # A refund may have arrived first: counted now, and a payment refunded in
    # full before we knew it was paid never grants anything.
    link_refunds(payment=payment)
    status = derive_status(payment)
    if status != payment.status:
        payment.status = status
        payment.save(update_fields=["status", "updated_at"])
    if intent:
        enqueue_fee(payment)
    if status == Payment.Status.REFUNDED or payment.kind == Kind.MEMBERSHIP:
        return
    if already_granted(payment=payment):
        # Paid twice (two tabs, two Checkout pages): the second goes back.
        refund_unhonoured(payment=payment, reason=DUPLICATE)
        return
    get_purchasable(payment.kind).fulfil(payment=payment)


def _completed(session: dict, created) -> None:
    payment = _payment_for_session(session)
    if payment is None:
        return
    if text(session, "payment_status", WORD) not in {"paid", "no_payment_required"}:
        return  # Delayed payment methods: async_payment_succeeded follows.
    mark_paid(payment, session)


def _ended_unpaid(status: str):
    def handler(session: dict, created) -> None:
        payment = _payment_for_session(session)
        if payment is not None and payment.status == Payment.Status.PENDING:
            payment.status = status
            payment.save(update_fields=["status", "updated_at"])

    return handler


HANDLERS = {
    "checkout.session.completed": _completed,
    "checkout.session.async_payment_succeeded": _completed,
    "checkout.session.async_payment_failed": _ended_unpaid(Payment.Status.FAILED),
    "checkout.session.expired": _ended_unpaid(Payment.Status.EXPIRED),
}

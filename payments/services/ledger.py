"""The ledger: what a payment charged, each refund of it, and the status
that follows from them.

A payment is paid, partially refunded or refunded according to its refunds
(`derive_status`, the one place that decides). Access is taken back only
when it is refunded in full; a partial refund (a goodwill gesture, a
discount after the fact) keeps it. Taking access back is one-way: if a
refund later fails, the ledger shows the money kept but access stays
revoked, and an error is logged for staff to settle with the member.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import stripe
from django.db.models import Sum

from payments import gateway
from payments.models import Kind, Payment, Refund
from payments.registry import get_purchasable
from payments.services.entitlements import revoke_entitlements
from payments.services.rows import lock_or_create
from payments.shapes import MalformedEvent, currency, mapping, money

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")


def refunded_amount(payment: Payment) -> Decimal:
    return (
        Refund.objects.filter(payment=payment, status__in=Refund.COUNTED).aggregate(
            total=Sum("amount")
        )["total"]
        or ZERO
    )


def derive_status(payment: Payment) -> str:
    """Paid, partially refunded or refunded, from the payment's refunds."""
    if payment.status == Payment.Status.REFUNDED:
        return payment.status  # Access was taken back: see the module's note.
    refunded = refunded_amount(payment)
    if refunded <= 0:
        return Payment.Status.PAID
    if refunded >= payment.amount:
        return Payment.Status.REFUNDED
    return Payment.Status.PARTIALLY_REFUNDED


def link_refunds(*, payment: Payment) -> None:
    """Refunds that arrived before we knew which payment they refund."""
    if payment.stripe_payment_intent_id:
        Refund.objects.filter(
            payment__isnull=True,
            stripe_payment_intent_id=payment.stripe_payment_intent_id,
        ).update(payment=payment)


def settle(*, payment: Payment) -> None:
    """Bring a paid payment's status in line with its refunds; a payment
    refunded in full loses what it granted. The caller holds its row lock."""
    if payment.status not in Payment.SETTLED:
        return  # Not paid yet: marking it paid settles it.
    status = derive_status(payment)
    if status == payment.status:
        return
    payment.status = status
    payment.save(update_fields=["status", "updated_at"])
    if status == Payment.Status.REFUNDED:
        revoke_entitlements(payment=payment)
        if payment.kind != Kind.MEMBERSHIP:
            get_purchasable(payment.kind).revoke(payment=payment)
    elif status == Payment.Status.PARTIALLY_REFUNDED:
        logger.info("Partial refund of payment %s: access kept", payment.pk)


@dataclass(frozen=True)
class RefundState:
    """One refund as a Stripe event (or Stripe's API) reports it."""

    stripe_refund_id: str
    stripe_payment_intent_id: str
    stripe_charge_id: str
    amount: Decimal
    currency: str
    reason: str
    status: str
    created: datetime


def _locked_payment(intent: str) -> Payment | None:
    if not intent:
        return None
    return (
        Payment.objects.select_for_update()
        .filter(stripe_payment_intent_id=intent)
        .first()
    )


def record_refund(*, refund: RefundState, seen_at: datetime) -> None:
    """Write one refund once (unique Stripe id); a later state of it updates
    the row unless an even later one was already applied. Locks the payment
    first, then the refund, like every writer of both."""
    payment = _locked_payment(refund.stripe_payment_intent_id)
    fields = {
        "payment": payment,
        "stripe_payment_intent_id": refund.stripe_payment_intent_id,
        "stripe_charge_id": refund.stripe_charge_id,
        "amount": refund.amount,
        "currency": refund.currency,
        "reason": refund.reason,
        "status": refund.status,
        "created": refund.created,
        "last_event_at": seen_at,
    }
    row, _ = lock_or_create(
        Refund, stripe_refund_id=refund.stripe_refund_id, defaults=fields
    )
    if row.last_event_at and seen_at < row.last_event_at:
        return  # An older state arriving late.
    if payment is None and row.payment_id:
        payment = Payment.objects.select_for_update().get(pk=row.payment_id)
    fields["payment"] = payment
    if row.status in Refund.COUNTED and refund.status not in Refund.COUNTED:
        logger.error(
            "Refund %s is %s after it was counted: settle with the member",
            refund.stripe_refund_id,
            refund.status,
        )
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    if payment is not None:
        settle(payment=payment)


def counted_for_charge(charge_id: str) -> Decimal:
    return (
        Refund.objects.filter(
            stripe_charge_id=charge_id, status__in=Refund.COUNTED
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )


def fetch_refunds(*, charge_id: str) -> list[dict]:
    """The charge's refunds as Stripe's API returns them (raw JSON)."""
    page = gateway.client().v1.refunds.list(params={"charge": charge_id, "limit": 100})
    data = page.last_response.data.get("data")
    return [item for item in data if isinstance(item, dict)] if data else []


def record_stripe_fee(*, payment_id: int) -> None:
    """Stripe's fee for a payment, from its charge's balance transaction;
    left unknown when Stripe has not settled it yet or cannot be reached."""
    payment = Payment.objects.filter(pk=payment_id, fee__isnull=True).first()
    if payment is None or not payment.stripe_payment_intent_id:
        return
    try:
        intent = gateway.client().v1.payment_intents.retrieve(
            payment.stripe_payment_intent_id,
            params={"expand": ["latest_charge.balance_transaction"]},
        )
    except stripe.StripeError:
        logger.warning("Stripe fee of payment %s not known yet", payment_id)
        return
    try:
        charge = mapping(intent.last_response.data, "latest_charge", optional=True)
        balance = (
            mapping(charge, "balance_transaction", optional=True) if charge else {}
        )
        if not balance:
            return
        fee, fee_currency = money(balance, "fee"), currency(balance)
    except MalformedEvent as error:
        logger.warning("Stripe fee of payment %s unreadable: %s", payment_id, error)
        return
    Payment.objects.filter(pk=payment_id, fee__isnull=True).update(
        fee=fee, fee_currency=fee_currency
    )

"""Refunds, made in Stripe's Dashboard or by our own services: each one a
row of the ledger (payments.services.ledger), whichever event reports it
first.

Stripe reports a refund as `refund.created` / `refund.updated` (and
`charge.refund.updated`, `refund.failed`) with the refund itself, and as
`charge.refunded` with the charge's refunded total only. When the total is
ahead of the refunds we know (the refund's own event is late, or the
endpoint is not subscribed to it), the charge's refunds are read from
Stripe's API.
"""

from datetime import datetime

from payments import gateway
from payments.services.ledger import (
    RefundState,
    counted_for_charge,
    fetch_refunds,
    record_refund,
)
from payments.shapes import (
    STATUS,
    WORD,
    currency,
    identifier,
    list_data,
    money,
    text,
    timestamp,
)


def read_refund(obj: dict) -> RefundState:
    return RefundState(
        stripe_refund_id=identifier(obj, "id"),
        stripe_payment_intent_id=identifier(obj, "payment_intent", optional=True),
        stripe_charge_id=identifier(obj, "charge", optional=True),
        amount=money(obj, "amount"),
        currency=currency(obj),
        reason=text(obj, "reason", WORD, optional=True),
        status=text(obj, "status", STATUS),
        created=timestamp(obj, "created"),
    )


def _refund_changed(obj: dict, created: datetime) -> None:
    record_refund(refund=read_refund(obj), seen_at=created)


def _record_all(items: list[dict], created: datetime) -> None:
    refunds = [read_refund(item) for item in items]  # All readable, or none.
    for refund in refunds:
        record_refund(refund=refund, seen_at=created)


def _charge_refunded(obj: dict, created: datetime) -> None:
    charge_id = identifier(obj, "id")
    refunded = money(obj, "amount_refunded")
    # Older API versions, and an expanded charge, carry the refunds.
    if obj.get("refunds") is not None:
        _record_all(list_data(obj, "refunds"), created)
    if refunded > counted_for_charge(charge_id) and gateway.is_configured():
        _record_all(fetch_refunds(charge_id=charge_id), created)


HANDLERS = {
    "charge.refunded": _charge_refunded,
    "charge.refund.updated": _refund_changed,
    "refund.created": _refund_changed,
    "refund.updated": _refund_changed,
    "refund.failed": _refund_changed,
}

"""The refund policy for paid things that happen at a set time (a session
seat, a 1:1 mentoring session), as members read it (README: "Refund
policy"): cancelled at least `PaymentSettings.seat_refund_hours` before the
start, refunded in full; later, nothing. Whoever runs it (the host, the
mentor) cancelling always refunds in full: their callers queue that refund
without asking this policy.

Each app asks here with its own kind and start time, so pages, cancel
pages, services and emails all apply the one rule."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from payments.models import Payment, PaymentSettings
from payments.services.ledger import refunded_amount


def refund_deadline(starts_at: datetime) -> datetime:
    """The last moment a cancellation of what starts at `starts_at` is
    refunded."""
    hours = PaymentSettings.load().seat_refund_hours
    return starts_at - timedelta(hours=hours)


@dataclass(frozen=True)
class CancellationRefund:
    """What cancelling a paid thing now gives back."""

    payment: Payment
    # What is left of the payment (less any earlier partial refund).
    amount: Decimal
    currency: str
    deadline: datetime
    refunded: bool


def refundable_payment(*, kind: str, object_id: int) -> Payment | None:
    """The payment for this thing that still has money to return."""
    return (
        Payment.objects.filter(
            kind=kind, object_id=object_id, status__in=Payment.REFUNDABLE
        )
        .order_by("-created_at")
        .first()
    )


def cancellation_refund(
    *, kind: str, object_id: int, starts_at: datetime, now: datetime | None = None
) -> CancellationRefund | None:
    """None when nothing refundable was paid for this thing."""
    payment = refundable_payment(kind=kind, object_id=object_id)
    if payment is None:
        return None
    deadline = refund_deadline(starts_at)
    return CancellationRefund(
        payment=payment,
        amount=payment.amount - refunded_amount(payment),
        currency=payment.currency,
        deadline=deadline,
        refunded=(now or timezone.now()) <= deadline,
    )

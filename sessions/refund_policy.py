"""The refund policy for paid seats, as members read it (README: "Refund
policy"): a seat cancelled at least `PaymentSettings.seat_refund_hours`
before the start is refunded in full; later, nothing is refunded. A session
the host cancels is always refunded in full (sessions.services.hosting).

The session page shows the deadline before booking, the cancel page shows
what this member gets back before they confirm, `cancel_booking` applies
it, and the cancellation email repeats it."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from payments.models import Kind, Payment, PaymentSettings
from payments.services.ledger import refunded_amount
from sessions.models import Booking, SessionPage


def refund_deadline(session: SessionPage) -> datetime:
    """The last moment a cancelled seat of this session is refunded."""
    hours = PaymentSettings.load().seat_refund_hours
    return session.starts_at - timedelta(hours=hours)


@dataclass(frozen=True)
class CancellationRefund:
    """What cancelling a paid seat now gives back."""

    payment: Payment
    # What is left of the payment (less any earlier partial refund).
    amount: Decimal
    currency: str
    deadline: datetime
    refunded: bool


def seat_payment(booking: Booking) -> Payment | None:
    """The payment that holds this seat and still has money to return."""
    return (
        Payment.objects.filter(
            kind=Kind.SESSION_SEAT,
            object_id=booking.pk,
            status__in=Payment.REFUNDABLE,
        )
        .order_by("-created_at")
        .first()
    )


def cancellation_refund(
    booking: Booking, *, now: datetime | None = None
) -> CancellationRefund | None:
    """None when nothing was paid for this booking (a free seat, a held seat
    not paid yet, a place on the waitlist)."""
    if booking.status != Booking.Status.CONFIRMED:
        return None
    payment = seat_payment(booking)
    if payment is None:
        return None
    deadline = refund_deadline(booking.session)
    return CancellationRefund(
        payment=payment,
        amount=payment.amount - refunded_amount(payment),
        currency=payment.currency,
        deadline=deadline,
        refunded=(now or timezone.now()) <= deadline,
    )

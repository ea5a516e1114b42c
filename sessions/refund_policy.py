"""The refund policy (payments.refund_policy) applied to paid seats: a seat
cancelled at least `PaymentSettings.seat_refund_hours` before the start is
refunded in full; later, nothing is refunded. A session the host cancels is
always refunded in full (sessions.services.hosting).

The session page shows the deadline before booking, the cancel page shows
what this member gets back before they confirm, `cancel_booking` applies
it, and the cancellation email repeats it."""

from datetime import datetime

from payments import refund_policy
from payments.models import Kind
from payments.refund_policy import CancellationRefund
from sessions.models import Booking, SessionPage


def refund_deadline(session: SessionPage) -> datetime:
    """The last moment a cancelled seat of this session is refunded."""
    return refund_policy.refund_deadline(session.starts_at)


def cancellation_refund(
    booking: Booking, *, now: datetime | None = None
) -> CancellationRefund | None:
    """None when nothing was paid for this booking (a free seat, a held seat
    not paid yet, a place on the waitlist)."""
    if booking.status != Booking.Status.CONFIRMED:
        return None
    return refund_policy.cancellation_refund(
        kind=Kind.SESSION_SEAT,
        object_id=booking.pk,
        starts_at=booking.session.starts_at,
        now=now,
    )

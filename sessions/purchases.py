"""A paid session seat as something payments can sell: the member's pending
booking (a held seat) is what they pay for; the webhook confirms it."""

import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from payments import errors as payment_errors
from payments.errors import PaymentsError
from payments.models import Kind
from payments.registry import Offer
from payments.services.entitlements import grant_entitlement
from payments.services.refunds import refund_payment
from sessions.models import Booking
from sessions.services.booking import confirm_paid_booking

logger = logging.getLogger(__name__)


class SessionSeat:
    kind = Kind.SESSION_SEAT

    def get_offer(self, *, user, object_id=None, plan: str = "") -> Offer:
        booking = (
            Booking.objects.select_related("session")
            .filter(pk=object_id or 0, member=user)
            .first()
        )
        if booking is None or booking.session.is_free:
            raise PaymentsError(payment_errors.NOT_FOR_SALE)
        if booking.status in (Booking.Status.CONFIRMED, Booking.Status.ATTENDED):
            raise PaymentsError(payment_errors.ALREADY_OWNED)
        held = (
            booking.status == Booking.Status.PENDING
            and booking.hold_expires_at
            and booking.hold_expires_at > timezone.now()
        )
        if not held:
            raise PaymentsError(payment_errors.HOLD_EXPIRED)
        session = booking.session
        return Offer(
            kind=self.kind,
            object_id=booking.pk,
            description=_("Seat: %(title)s") % {"title": session.title},
            amount=session.price,
            currency=session.currency,
            return_path=session.get_url() or "/sessions/",
        )

    def fulfil(self, *, payment) -> None:
        booking = Booking.objects.filter(pk=payment.object_id).first()
        if booking is None:
            refund_payment(payment=payment, reason="booking_missing")
            return
        booking = confirm_paid_booking(booking=booking)
        if booking.status == Booking.Status.CONFIRMED:
            grant_entitlement(payment=payment, kind=self.kind, object_id=booking.pk)
            return
        # The hold lapsed and the seat went to someone else (or the session
        # was cancelled) before the payment arrived: never overbook, refund.
        logger.info("Paid seat for booking %s not available: refunding", booking.pk)
        refund_payment(payment=payment, reason="seat_unavailable")

    def revoke(self, *, payment) -> None:
        """A refunded seat is given up, and goes to the waitlist."""
        from sessions.services.booking import release_refunded_booking

        release_refunded_booking(booking_id=payment.object_id)

"""A paid session seat as something payments can sell: the member's pending
booking (a held seat) is what they pay for; the webhook confirms it."""

from django.utils import timezone
from django.utils.translation import gettext as _

from payments import errors as payment_errors
from payments.errors import PaymentsError
from payments.models import Kind
from payments.registry import Offer
from payments.services.entitlements import grant_entitlement
from payments.services.refunds import UNAVAILABLE, refund_unhonoured
from sessions.models import Booking
from sessions.services.booking import confirm_paid_booking


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
        """Confirm the paid seat; never raises (Stripe would retry the
        webhook for days). A seat that cannot be given (the booking or the
        session cancelled, the hold lapsed and the seat taken) is refunded."""
        booking = Booking.objects.filter(pk=payment.object_id).first()
        if booking is not None:
            booking = confirm_paid_booking(booking=booking)
        if booking is not None and booking.status == Booking.Status.CONFIRMED:
            grant_entitlement(payment=payment, kind=self.kind, object_id=booking.pk)
            return
        refund_unhonoured(payment=payment, reason=UNAVAILABLE)

    def revoke(self, *, payment) -> None:
        """A refunded seat is given up, and goes to the waitlist."""
        from sessions.services.booking import release_refunded_booking

        release_refunded_booking(booking_id=payment.object_id)

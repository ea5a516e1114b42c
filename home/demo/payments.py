"""What members paid for their demo seats, as the Stripe webhook would have
recorded it: one paid Payment per paid booking, dated when the booking was
confirmed (the payment is what confirmed it), and a goodwill partial refund
on two of them, so an expert's insights and the staff's payments reports
show charged, refunded and net money.

Stable keys (`cs_demo_<booking>`, `re_demo_<payment>`) make a second run
change nothing.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from payments.models import Kind, Payment, Refund
from payments.services.ledger import settle
from sessions.models import Booking

PAID_SEATED = (
    Booking.Status.CONFIRMED,
    Booking.Status.ATTENDED,
    Booking.Status.NO_SHOW,
)
REFUNDS = 2


def seed_payments() -> None:
    bookings = (
        Booking.objects.filter(
            session__price__gt=0,
            status__in=PAID_SEATED,
            confirmed_at__isnull=False,
        )
        .select_related("session", "member")
        .order_by("confirmed_at", "pk")
    )
    payments = [_payment_for(booking) for booking in bookings]
    # The oldest ones: a refund dated after the payment, still in the past.
    for payment in payments[:REFUNDS]:
        _partial_refund(payment)


def _payment_for(booking: Booking) -> Payment:
    session = booking.session
    payment, created = Payment.objects.get_or_create(
        stripe_checkout_session_id=f"cs_demo_{booking.pk:06d}",
        defaults={
            "user": booking.member,
            "kind": Kind.SESSION_SEAT,
            "object_id": booking.pk,
            "description": session.title,
            "return_path": session.url or "/dashboard/",
            "amount": session.price,
            "currency": session.currency,
            "status": Payment.Status.PAID,
            "stripe_payment_intent_id": f"pi_demo_{booking.pk:06d}",
        },
    )
    if created:
        # The default would be now; the charge was when the seat confirmed.
        Payment.objects.filter(pk=payment.pk).update(created_at=booking.confirmed_at)
        payment.created_at = booking.confirmed_at
    return payment


def _partial_refund(payment: Payment) -> None:
    when = min(payment.created_at + timedelta(days=3), timezone.now())
    _, created = Refund.objects.get_or_create(
        stripe_refund_id=f"re_demo_{payment.pk:06d}",
        defaults={
            "payment": payment,
            "stripe_payment_intent_id": payment.stripe_payment_intent_id,
            "stripe_charge_id": f"ch_demo_{payment.pk:06d}",
            "amount": (payment.amount / 2).quantize(Decimal("0.01")),
            "currency": payment.currency,
            "reason": "requested_by_customer",
            "status": Refund.Status.SUCCEEDED,
            "created": when,
            "last_event_at": when,
        },
    )
    if created:
        settle(payment=payment)

from django_tasks import task

from payments.models import Payment
from payments.services.checkout import expire_checkout
from payments.services.ledger import record_stripe_fee
from payments.services.refunds import refund_payment


@task()
def refund_payment_task(*, payment_id: int, reason: str) -> None:
    """Refund outside the transaction that decided it (never under a
    booking's lock); Stripe's idempotency key makes a retry safe, and
    `charge.refunded` then records it."""
    payment = Payment.objects.filter(
        pk=payment_id, status__in=Payment.REFUNDABLE
    ).first()
    if payment is not None:
        refund_payment(payment=payment, reason=reason)


@task()
def expire_checkout_task(*, payment_id: int) -> None:
    """Close the Checkout page of something given up (a cancelled booking)."""
    expire_checkout(payment_id=payment_id)


@task()
def record_fee_task(*, payment_id: int) -> None:
    """Stripe's fee for a paid payment, read after the webhook answered."""
    record_stripe_fee(payment_id=payment_id)

from django_tasks import task

from payments.models import Payment
from payments.services.ledger import record_stripe_fee
from payments.services.refunds import refund_payment


@task()
def refund_payment_task(*, payment_id: int, reason: str) -> None:
    """Refund outside the request that decided it (a host cancelling a
    session with many paid seats); Stripe's idempotency key makes a retry
    safe, and `charge.refunded` then records it."""
    payment = Payment.objects.filter(pk=payment_id, status=Payment.Status.PAID).first()
    if payment is not None:
        refund_payment(payment=payment, reason=reason)


@task()
def record_fee_task(*, payment_id: int) -> None:
    """Stripe's fee for a paid payment, read after the webhook answered."""
    record_stripe_fee(payment_id=payment_id)

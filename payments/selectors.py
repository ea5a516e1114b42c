"""Reads of payments for the billing page and the premium gate."""

from decimal import Decimal

from django.db.models import DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from payments.models import Payment, Refund, Subscription


def refunded_sum() -> Coalesce:
    """A payment's counted refunds (money back or on its way), for
    `annotate()`."""
    return Coalesce(
        Sum("refunds__amount", filter=Q(refunds__status__in=Refund.COUNTED)),
        Value(Decimal("0.00")),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )


def list_payments(user) -> QuerySet[Payment]:
    """What the member paid or tried to pay, newest first, each with
    `refunded_amount` (what has been or is being refunded)."""
    return (
        Payment.objects.filter(user=user)
        .exclude(status=Payment.Status.EXPIRED)
        .annotate(refunded_amount=refunded_sum())
    )


def get_membership(user) -> Subscription | None:
    """The member's current (or most recent) membership subscription."""
    return (
        Subscription.objects.filter(user=user)
        .order_by(F("ended_at").asc(nulls_first=True), "-created_at")
        .first()
    )

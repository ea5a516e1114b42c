"""Reads of payments for the billing page and the premium gate."""

from django.db.models import F, QuerySet

from payments.models import Payment, Subscription


def list_payments(user) -> QuerySet[Payment]:
    """What the member paid or tried to pay, newest first."""
    return Payment.objects.filter(user=user).exclude(status=Payment.Status.EXPIRED)


def get_membership(user) -> Subscription | None:
    """The member's current (or most recent) membership subscription."""
    return (
        Subscription.objects.filter(user=user)
        .order_by(F("ended_at").asc(nulls_first=True), "-created_at")
        .first()
    )

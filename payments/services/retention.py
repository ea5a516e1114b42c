"""How long Stripe's webhook events are kept."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from core.maintenance import delete_in_batches
from payments.models import StripeEvent


def prune_stripe_events(*, now: datetime | None = None) -> int:
    """Delete stored webhook events received more than
    STRIPE_EVENT_RETENTION_DAYS ago. They exist so a redelivery is
    recognised, and Stripe stops redelivering an event after three days;
    payments and entitlements keep their own record. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(
        days=settings.STRIPE_EVENT_RETENTION_DAYS
    )
    return delete_in_batches(StripeEvent.objects.filter(received_at__lt=cutoff))

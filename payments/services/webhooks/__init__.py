"""Stripe's webhook events, applied once each, in one transaction each.

Stripe delivers at least once and in no particular order, so:
- the event is stored first, as Stripe sent it, under its unique id: a
  redelivery finds it and stops;
- each handler reads the object's current state from the event and applies
  it idempotently (a paid payment stays paid, an entitlement is granted once
  per payment, a refund is one row per Stripe refund);
- subscription and refund states are only applied from events newer than
  the last one applied, and a subscription that ended stays ended.
If a handler fails, the transaction (event row included) rolls back and
Stripe's retry runs it again. Handlers read fields through `payments.shapes`,
so an event we cannot read is refused as a whole (`MalformedEvent`).
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from payments import gateway
from payments.models import StripeEvent
from payments.services.webhooks import checkout, refunds, subscriptions
from payments.shapes import MalformedEvent, read_envelope

logger = logging.getLogger(__name__)

HANDLERS = {**checkout.HANDLERS, **subscriptions.HANDLERS, **refunds.HANDLERS}


def process_event(*, payload: str) -> bool:
    """Apply one verified event (the body Stripe signed); False when it was
    already applied. Raises MalformedEvent when it cannot be read."""
    envelope = read_envelope(payload)
    if envelope.api_version != gateway.API_VERSION:
        logger.warning(
            "Stripe event %s (%s) is API version %s, this site reads %s: set "
            "the webhook endpoint's API version to %s",
            envelope.id,
            envelope.type,
            envelope.api_version or "(none)",
            gateway.API_VERSION,
            gateway.API_VERSION,
        )
    handler = HANDLERS.get(envelope.type)
    try:
        with transaction.atomic():
            stored = StripeEvent.objects.create(
                event_id=envelope.id,
                type=envelope.type,
                created=envelope.created,
                api_version=envelope.api_version,
                object_id=envelope.object_id,
                payload=payload,
            )
            if handler is None:
                logger.info("Stripe event %s (%s) ignored", envelope.id, envelope.type)
            else:
                handler(envelope.object, envelope.created)
            stored.processed_at = timezone.now()
            stored.save(update_fields=["processed_at"])
    except MalformedEvent as error:
        raise MalformedEvent(
            f"{envelope.type} {envelope.id} (API version "
            f"{envelope.api_version or 'none'}): {error}"
        ) from error
    except IntegrityError:
        if StripeEvent.objects.filter(event_id=envelope.id).exists():
            logger.info("Stripe event %s already processed", envelope.id)
            return False
        raise
    return True

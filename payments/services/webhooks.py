"""Stripe's webhook events, applied once each, in one transaction each.

Stripe delivers at least once and in no particular order, so:
- the event id is stored first (unique): a redelivery finds it and stops;
- each handler reads the object's current state from the event and applies
  it idempotently (a paid payment stays paid, an entitlement is granted once
  per payment);
- subscription state is only applied from events newer than the last one
  applied, and a subscription that ended stays ended.
If a handler fails, the transaction (event row included) rolls back and
Stripe's retry runs it again.
"""

import logging
from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.emails import queue_email
from payments.models import Entitlement, Kind, Payment, StripeEvent, Subscription
from payments.registry import get_purchasable
from payments.services.checkout import from_minor_units
from payments.services.entitlements import revoke_entitlements

logger = logging.getLogger(__name__)

# Subscription statuses in which the member keeps access: `past_due` is
# Stripe retrying a failed renewal, and the member keeps access meanwhile.
ACCESS_STATUSES = {"active", "trialing", "past_due"}
ENDED_STATUSES = {"canceled", "unpaid", "incomplete_expired"}


def _when(timestamp: int | None) -> datetime | None:
    return datetime.fromtimestamp(timestamp, UTC) if timestamp else None


def process_event(event: stripe.Event) -> bool:
    """Apply one verified event; False when it was already applied."""
    created = _when(event.created)
    try:
        with transaction.atomic():
            stored = StripeEvent.objects.create(
                event_id=event.id,
                type=event.type,
                created=created,
                payload=event.to_dict(),
            )
            handler = HANDLERS.get(event.type)
            if handler is None:
                logger.info("Stripe event %s (%s) ignored", event.id, event.type)
            else:
                handler(event.data.object.to_dict(), created)
            stored.processed_at = timezone.now()
            stored.save(update_fields=["processed_at"])
    except IntegrityError:
        if StripeEvent.objects.filter(event_id=event.id).exists():
            logger.info("Stripe event %s already processed", event.id)
            return False
        raise
    return True


# --- One-off purchases and the first membership payment ----------------------


def _payment_for_session(session) -> Payment | None:
    metadata = session.get("metadata") or {}
    payment = (
        Payment.objects.select_for_update()
        .filter(
            pk=metadata.get("payment_id") or 0,
            stripe_checkout_session_id=session["id"],
        )
        .first()
    )
    if payment is None:
        logger.warning("Checkout Session %s matches no payment of ours", session["id"])
    return payment


def _checkout_completed(session, created) -> None:
    payment = _payment_for_session(session)
    if payment is None:
        return
    if session.get("payment_status") not in {"paid", "no_payment_required"}:
        # Delayed payment methods: wait for async_payment_succeeded.
        return
    _mark_paid(payment, session)


def _checkout_async_failed(session, created) -> None:
    payment = _payment_for_session(session)
    if payment is not None and payment.status == Payment.Status.PENDING:
        payment.status = Payment.Status.FAILED
        payment.save(update_fields=["status", "updated_at"])


def _checkout_expired(session, created) -> None:
    payment = _payment_for_session(session)
    if payment is not None and payment.status == Payment.Status.PENDING:
        payment.status = Payment.Status.EXPIRED
        payment.save(update_fields=["status", "updated_at"])


def _refund_seen(intent: str) -> bool:
    """A full refund of this payment arrived before the payment itself."""
    if not intent:
        return False
    refunds = StripeEvent.objects.filter(
        type="charge.refunded", payload__data__object__payment_intent=intent
    ).values_list("payload", flat=True)
    return any(
        charge["amount_refunded"] >= charge["amount"]
        for charge in (payload["data"]["object"] for payload in refunds)
    )


def _receipt_seen(invoice_id: str) -> str:
    """The receipt from an invoice.paid that arrived before the payment."""
    payload = (
        StripeEvent.objects.filter(
            type="invoice.paid", payload__data__object__id=invoice_id
        )
        .values_list("payload", flat=True)
        .first()
    )
    return (
        (payload or {}).get("data", {}).get("object", {}).get("hosted_invoice_url", "")
    )


def _mark_paid(payment: Payment, session) -> None:
    if payment.status == Payment.Status.REFUNDED:
        return
    first_time = payment.status != Payment.Status.PAID
    intent = session.get("payment_intent") or ""
    # What was charged, after promotion codes; our price stays in the offer.
    payment.amount = from_minor_units(session.get("amount_total"))
    payment.stripe_payment_intent_id = intent
    payment.stripe_subscription_id = session.get("subscription") or ""
    invoice = session.get("invoice") or ""
    if invoice:
        payment.stripe_invoice_id = invoice
        payment.receipt_url = _receipt_seen(invoice) or payment.receipt_url
    if _refund_seen(intent):
        payment.status = Payment.Status.REFUNDED
        payment.save()
        return
    payment.status = Payment.Status.PAID
    payment.save()
    if first_time and payment.kind != Kind.MEMBERSHIP:
        get_purchasable(payment.kind).fulfil(payment=payment)


# --- Memberships -------------------------------------------------------------


def _subscription_id_of(invoice) -> str:
    parent = invoice.get("parent") or {}
    details = parent.get("subscription_details") or {}
    return details.get("subscription") or ""


def _period_end(subscription) -> datetime | None:
    items = (subscription.get("items") or {}).get("data") or []
    ends = [item.get("current_period_end") for item in items if item]
    return _when(max(ends)) if ends else None


def _plan_of(subscription, fallback: str) -> str:
    """Monthly or yearly from the subscription's price (the member may have
    switched in the Customer Portal since checkout)."""
    items = (subscription.get("items") or {}).get("data") or []
    for item in items:
        interval = ((item.get("price") or {}).get("recurring") or {}).get("interval")
        if interval:
            return {"month": "monthly", "year": "yearly"}.get(interval, fallback)
    return fallback


def _apply_subscription(subscription, created) -> None:
    metadata = subscription.get("metadata") or {}
    user = User.objects.filter(pk=metadata.get("user_id") or 0).first()
    if user is None:
        logger.warning("Subscription %s has no user of ours", subscription["id"])
        return
    record, _ = Subscription.objects.select_for_update().get_or_create(
        stripe_subscription_id=subscription["id"],
        defaults={
            "user": user,
            "stripe_customer_id": subscription.get("customer") or "",
            "plan": metadata.get("plan", ""),
            "status": subscription.get("status", ""),
        },
    )
    if record.last_event_at and created < record.last_event_at:
        return  # An older state arriving late.
    if record.status in ENDED_STATUSES and record.ended_at:
        return  # An ended subscription never comes back.
    record.status = subscription.get("status", "")
    record.plan = _plan_of(subscription, record.plan)
    record.current_period_end = _period_end(subscription)
    record.cancel_at_period_end = bool(subscription.get("cancel_at_period_end"))
    record.trial_end = _when(subscription.get("trial_end"))
    record.ended_at = _when(subscription.get("ended_at"))
    record.last_event_at = created
    record.save()
    _sync_membership(record)


def _sync_membership(record: Subscription) -> None:
    entitlement = Entitlement.objects.filter(
        stripe_subscription_id=record.stripe_subscription_id
    ).first()
    if record.status in ACCESS_STATUSES:
        if entitlement is None:
            Entitlement.objects.create(
                user=record.user,
                kind=Kind.MEMBERSHIP,
                stripe_subscription_id=record.stripe_subscription_id,
                valid_until=record.current_period_end,
            )
        else:
            entitlement.valid_until = record.current_period_end
            entitlement.revoked_at = None
            entitlement.save(update_fields=["valid_until", "revoked_at"])
    elif record.status in ENDED_STATUSES and entitlement is not None:
        if entitlement.revoked_at is None:
            entitlement.revoked_at = record.ended_at or timezone.now()
            entitlement.save(update_fields=["revoked_at"])


def _subscription_changed(subscription, created) -> None:
    _apply_subscription(subscription, created)


def _invoice_paid(invoice, created) -> None:
    receipt = invoice.get("hosted_invoice_url") or ""
    # The invoice of a payment we know (checkout.session.completed came first).
    if Payment.objects.filter(stripe_invoice_id=invoice["id"]).update(
        receipt_url=receipt
    ):
        return
    subscription_id = _subscription_id_of(invoice)
    if not subscription_id:
        return  # A one-off's invoice before its payment: _mark_paid reads it.
    first = Payment.objects.filter(
        stripe_subscription_id=subscription_id, stripe_invoice_id__isnull=True
    ).first()
    amount = from_minor_units(invoice.get("amount_paid"))
    if invoice.get("billing_reason") == "subscription_create" and first:
        first.stripe_invoice_id = invoice["id"]
        first.receipt_url = receipt
        first.save(update_fields=["stripe_invoice_id", "receipt_url", "updated_at"])
        return
    record = Subscription.objects.filter(stripe_subscription_id=subscription_id).first()
    user_id = record.user_id if record else None
    if user_id is None:
        metadata = (
            (invoice.get("parent") or {}).get("subscription_details") or {}
        ).get("metadata") or {}
        user_id = metadata.get("user_id")
    if not user_id:
        logger.warning("Invoice %s matches no member of ours", invoice["id"])
        return
    Payment.objects.get_or_create(
        stripe_invoice_id=invoice["id"],
        defaults={
            "user_id": user_id,
            "kind": Kind.MEMBERSHIP,
            "plan": record.plan if record else "",
            "description": "Membership renewal",
            "amount": amount,
            "currency": (invoice.get("currency") or "eur").upper(),
            "status": Payment.Status.PAID,
            "stripe_subscription_id": subscription_id,
            "receipt_url": receipt,
        },
    )


def _invoice_payment_failed(invoice, created) -> None:
    subscription_id = _subscription_id_of(invoice)
    record = (
        Subscription.objects.select_related("user")
        .filter(stripe_subscription_id=subscription_id)
        .first()
    )
    if record is None:
        return
    queue_email(
        template_prefix="payments/email/renewal_failed",
        to=record.user.email,
        context={
            "user": record.user,
            "amount": from_minor_units(invoice.get("amount_due")),
            "currency": (invoice.get("currency") or "").upper(),
            "next_attempt": _when(invoice.get("next_payment_attempt")),
            "billing_url": settings.SITE_URL.rstrip("/") + reverse("billing"),
        },
    )


# --- Refunds -----------------------------------------------------------------


def _charge_refunded(charge, created) -> None:
    intent = charge.get("payment_intent") or ""
    payment = (
        Payment.objects.select_for_update()
        .filter(stripe_payment_intent_id=intent)
        .exclude(stripe_payment_intent_id="")
        .first()
    )
    if payment is None or payment.status == Payment.Status.REFUNDED:
        return
    if charge.get("amount_refunded", 0) < charge.get("amount", 0):
        logger.info("Partial refund on %s: access kept", payment.pk)
        return
    payment.status = Payment.Status.REFUNDED
    payment.save(update_fields=["status", "updated_at"])
    revoke_entitlements(payment=payment)
    if payment.kind != Kind.MEMBERSHIP:
        get_purchasable(payment.kind).revoke(payment=payment)


HANDLERS = {
    "checkout.session.completed": _checkout_completed,
    "checkout.session.async_payment_succeeded": _checkout_completed,
    "checkout.session.async_payment_failed": _checkout_async_failed,
    "checkout.session.expired": _checkout_expired,
    "customer.subscription.created": _subscription_changed,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_changed,
    "invoice.paid": _invoice_paid,
    "invoice.payment_failed": _invoice_payment_failed,
    "charge.refunded": _charge_refunded,
}

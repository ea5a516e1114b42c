"""Memberships: the subscription's state, its invoices (the first one,
renewals, plan changes), failed renewals and how invoices were paid.

Access follows the subscription. `past_due` (a renewal failed and Stripe is
retrying it) keeps access until Stripe gives up and ends the subscription
(`canceled` or `unpaid`, per the Dashboard's retry settings): members are not
locked out over a card that expired, and they are emailed to update it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import stripe
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.emails import queue_email
from payments import gateway
from payments.models import Entitlement, Kind, Payment, Subscription
from payments.services.ledger import link_refunds, settle
from payments.services.rows import lock_or_create
from payments.services.webhooks.checkout import enqueue_fee
from payments.shapes import (
    STATUS,
    WORD,
    boolean,
    currency,
    identifier,
    list_data,
    mapping,
    money,
    our_pk,
    text,
    timestamp,
    url,
)

logger = logging.getLogger(__name__)

ACCESS_STATUSES = {"active", "trialing", "past_due"}
ENDED_STATUSES = {"canceled", "unpaid", "incomplete_expired"}
PLANS = {"month": "monthly", "year": "yearly"}
DESCRIPTIONS = {
    "subscription_cycle": "Membership renewal",
    "subscription_update": "Membership change",
}


@dataclass(frozen=True)
class SubscriptionState:
    id: str
    customer: str
    status: str
    plan: str
    period_end: datetime | None
    cancel_at_period_end: bool
    trial_end: datetime | None
    ended_at: datetime | None
    user_id: int | None


def read_subscription(obj: dict) -> SubscriptionState:
    items = list_data(obj, "items")
    ends = [timestamp(item, "current_period_end") for item in items]
    plan = ""
    for item in items:
        # Monthly or yearly from the price (the member may have switched in
        # the Customer Portal since checkout).
        recurring = mapping(mapping(item, "price"), "recurring", optional=True)
        if recurring:
            plan = plan or PLANS.get(text(recurring, "interval", WORD), "")
    return SubscriptionState(
        id=identifier(obj, "id"),
        customer=identifier(obj, "customer"),
        status=text(obj, "status", STATUS),
        plan=plan,
        period_end=max(ends) if ends else None,
        cancel_at_period_end=boolean(obj, "cancel_at_period_end"),
        trial_end=timestamp(obj, "trial_end", optional=True),
        ended_at=timestamp(obj, "ended_at", optional=True),
        user_id=our_pk(mapping(obj, "metadata"), "user_id"),
    )


@dataclass(frozen=True)
class InvoiceState:
    id: str
    billing_reason: str
    amount_paid: Decimal
    amount_due: Decimal
    currency: str
    receipt_url: str
    next_attempt: datetime | None
    subscription_id: str
    payment_id: int | None
    user_id: int | None
    # The end of the subscription period the invoice pays for.
    period_end: datetime | None


def read_invoice(obj: dict) -> InvoiceState:
    parent = mapping(obj, "parent", optional=True)
    details = mapping(parent, "subscription_details", optional=True) if parent else {}
    metadata = mapping(details, "metadata", optional=True) if details else {}
    ends = []
    for line in list_data(obj, "lines"):
        line_parent = mapping(line, "parent", optional=True)
        if line_parent and text(line_parent, "type", WORD) == (
            "subscription_item_details"
        ):
            ends.append(timestamp(mapping(line, "period"), "end"))
    return InvoiceState(
        id=identifier(obj, "id"),
        billing_reason=text(obj, "billing_reason", WORD, optional=True),
        amount_paid=money(obj, "amount_paid"),
        amount_due=money(obj, "amount_due"),
        currency=currency(obj),
        receipt_url=url(obj, "hosted_invoice_url"),
        next_attempt=timestamp(obj, "next_payment_attempt", optional=True),
        subscription_id=identifier(details, "subscription") if details else "",
        payment_id=our_pk(metadata, "payment_id"),
        user_id=our_pk(metadata, "user_id"),
        period_end=max(ends) if ends else None,
    )


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


def _subscription_changed(obj: dict, created: datetime) -> None:
    state = read_subscription(obj)
    user = User.objects.filter(pk=state.user_id).first() if state.user_id else None
    record = (
        Subscription.objects.select_for_update()
        .filter(stripe_subscription_id=state.id)
        .first()
    )
    if record is None and user is None:
        logger.warning("Subscription %s has no user of ours", state.id)
        return
    if record is None:
        record, _ = lock_or_create(
            Subscription,
            stripe_subscription_id=state.id,
            defaults={"user": user, "stripe_customer_id": state.customer},
        )
    if record.last_event_at and created < record.last_event_at:
        return  # An older state arriving late.
    if record.status in ENDED_STATUSES and record.ended_at:
        return  # An ended subscription never comes back.
    record.stripe_customer_id = state.customer
    record.status = state.status
    record.plan = state.plan or record.plan
    record.current_period_end = state.period_end
    record.cancel_at_period_end = state.cancel_at_period_end
    record.trial_end = state.trial_end
    record.ended_at = state.ended_at
    record.last_event_at = created
    record.save()
    _sync_membership(record)


def _first_payment(invoice: InvoiceState) -> Payment | None:
    """The Checkout payment a subscription's first invoice belongs to, found
    by our id in the subscription's metadata (its Checkout Session may not
    have been reported yet)."""
    payment = (
        Payment.objects.select_for_update()
        .filter(pk=invoice.payment_id or 0, kind=Kind.MEMBERSHIP)
        .filter(stripe_invoice_id__isnull=True)
        .first()
    )
    if payment is not None:
        payment.stripe_invoice_id = invoice.id
        payment.stripe_subscription_id = invoice.subscription_id
        payment.receipt_url = invoice.receipt_url or payment.receipt_url
        payment.save()
    return payment


def payment_for_invoice(invoice: InvoiceState) -> Payment | None:
    """The payment of ours a paid invoice is, recorded once: the Checkout
    payment for a subscription's first invoice, a new one for a renewal or a
    plan change. A one-off purchase's invoice is read by its payment."""
    payment = (
        Payment.objects.select_for_update().filter(stripe_invoice_id=invoice.id).first()
    )
    if payment is not None:
        if invoice.receipt_url and payment.receipt_url != invoice.receipt_url:
            payment.receipt_url = invoice.receipt_url
            payment.save(update_fields=["receipt_url", "updated_at"])
        return payment
    if not invoice.subscription_id:
        return None
    if invoice.billing_reason == "subscription_create":
        return _first_payment(invoice)
    if not invoice.amount_paid:
        return None  # Nothing charged (a free trial's end, a 100% coupon).
    record = Subscription.objects.filter(
        stripe_subscription_id=invoice.subscription_id
    ).first()
    user_id = record.user_id if record else invoice.user_id
    if not user_id or not User.objects.filter(pk=user_id).exists():
        logger.warning("Invoice %s matches no member of ours", invoice.id)
        return None
    payment, _ = lock_or_create(
        Payment,
        stripe_invoice_id=invoice.id,
        defaults={
            "user_id": user_id,
            "kind": Kind.MEMBERSHIP,
            "plan": record.plan if record else "",
            "description": DESCRIPTIONS.get(invoice.billing_reason, "Membership"),
            "amount": invoice.amount_paid,
            "currency": invoice.currency,
            "status": Payment.Status.PAID,
            "stripe_subscription_id": invoice.subscription_id,
            "receipt_url": invoice.receipt_url,
        },
    )
    return payment


def _extend_membership(subscription_id: str, period_end: datetime) -> None:
    """A paid renewal extends access to the end of the period it paid for,
    whether or not the subscription's own update has arrived yet."""
    record = (
        Subscription.objects.select_for_update()
        .filter(stripe_subscription_id=subscription_id)
        .first()
    )
    if record is None or record.status in ENDED_STATUSES:
        return
    if record.current_period_end is None or period_end > record.current_period_end:
        record.current_period_end = period_end
        record.save(update_fields=["current_period_end", "updated_at"])
        _sync_membership(record)


def _invoice_paid(obj: dict, created: datetime) -> None:
    invoice = read_invoice(obj)
    payment_for_invoice(invoice)
    if invoice.subscription_id and invoice.period_end:
        _extend_membership(invoice.subscription_id, invoice.period_end)


def _fetch_invoice(invoice_id: str) -> dict | None:
    if not gateway.is_configured():
        return None
    try:
        found = gateway.client().v1.invoices.retrieve(invoice_id)
    except stripe.InvalidRequestError:
        logger.warning("Invoice %s is unknown to Stripe", invoice_id)
        return None
    return found.last_response.data


def _invoice_payment_paid(obj: dict, created: datetime) -> None:
    """Which payment intent paid an invoice: the link refunds and fees of
    membership payments are found by."""
    invoice_id = identifier(obj, "invoice")
    paid_with = mapping(obj, "payment")
    if text(paid_with, "type", WORD) != "payment_intent":
        return
    intent = identifier(paid_with, "payment_intent")
    payment = (
        Payment.objects.select_for_update().filter(stripe_invoice_id=invoice_id).first()
    )
    if payment is None:
        # Ahead of its invoice.paid: read the invoice from Stripe.
        fetched = _fetch_invoice(invoice_id)
        payment = payment_for_invoice(read_invoice(fetched)) if fetched else None
    if payment is None or payment.stripe_payment_intent_id:
        return
    payment.stripe_payment_intent_id = intent
    payment.save(update_fields=["stripe_payment_intent_id", "updated_at"])
    link_refunds(payment=payment)
    settle(payment=payment)
    enqueue_fee(payment)


def _invoice_payment_failed(obj: dict, created: datetime) -> None:
    invoice = read_invoice(obj)
    if invoice.billing_reason == "subscription_create":
        return  # The first payment fails in Checkout, in front of the member.
    record = (
        Subscription.objects.select_related("user")
        .filter(stripe_subscription_id=invoice.subscription_id or None)
        .first()
    )
    if record is None:
        return
    queue_email(
        template_prefix="payments/email/renewal_failed",
        to=record.user.email,
        context={
            "user": record.user,
            "amount": invoice.amount_due,
            "currency": invoice.currency,
            "next_attempt": invoice.next_attempt,
            "billing_url": settings.SITE_URL.rstrip("/") + reverse("billing"),
        },
    )


HANDLERS = {
    "customer.subscription.created": _subscription_changed,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_changed,
    "invoice.paid": _invoice_paid,
    "invoice.payment_failed": _invoice_payment_failed,
    "invoice_payment.paid": _invoice_payment_paid,
}

"""Opening a Stripe Checkout Session and the Customer Portal.

The price always comes from our database through the registry's `Offer`;
the browser only says what it wants to buy. Checkout never grants access:
the webhook does, once Stripe confirms the payment.
"""

from datetime import timedelta

import stripe
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from accounts.selectors import has_verified_email
from payments import errors, gateway, money
from payments.errors import PaymentsError
from payments.models import Payment, PaymentSettings, StripeCustomer
from payments.money import to_minor_units
from payments.registry import Offer, get_purchasable
from payments.services.stripe_catalog import checkout_price_id

# Moved to payments.money; still importable from here for older callers.
from_minor_units = money.from_minor_units

# Stripe's minimum lifetime for a Checkout Session.
CHECKOUT_LIFETIME = timedelta(minutes=30)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def get_or_create_customer_id(*, user: User) -> str:
    existing = StripeCustomer.objects.filter(user=user).first()
    if existing is not None:
        return existing.stripe_customer_id
    customer = gateway.client().v1.customers.create(
        params={
            "email": user.email,
            "name": str(user),
            "metadata": {"user_id": str(user.pk)},
        },
        # Two tabs opening Checkout at once must not make two customers.
        options={"idempotency_key": f"customer-{user.pk}"},
    )
    record, _ = StripeCustomer.objects.get_or_create(
        user=user, defaults={"stripe_customer_id": customer.id}
    )
    return record.stripe_customer_id


def _open_payment(user: User, offer: Offer) -> Payment | None:
    """A still-open Checkout for the same thing, to send the member back to."""
    return (
        Payment.objects.filter(
            user=user,
            kind=offer.kind,
            object_id=offer.object_id,
            plan=offer.plan,
            status=Payment.Status.PENDING,
            checkout_expires_at__gt=timezone.now() + timedelta(minutes=2),
        )
        .exclude(checkout_url="")
        .first()
    )


def _session_params(payment: Payment, offer: Offer, customer_id: str) -> dict:
    price_data: dict = {
        "currency": offer.currency.lower(),
        "unit_amount": to_minor_units(offer.amount),
        "product_data": {"name": offer.description},
    }
    metadata = {
        "payment_id": str(payment.pk),
        "user_id": str(payment.user_id),
        "kind": offer.kind,
        "object_id": str(offer.object_id or ""),
        "plan": offer.plan,
    }
    params: dict = {
        "mode": "subscription" if offer.interval else "payment",
        "customer": customer_id,
        "client_reference_id": str(payment.pk),
        "line_items": [{"price_data": price_data, "quantity": 1}],
        "metadata": metadata,
        "allow_promotion_codes": True,
        "success_url": _absolute(
            f"/payments/return/{payment.pk}/?session_id={{CHECKOUT_SESSION_ID}}"
        ),
        "cancel_url": _absolute(offer.return_path),
        "expires_at": int(payment.checkout_expires_at.timestamp()),
    }
    if offer.interval:
        price_data["recurring"] = {"interval": offer.interval}
        # The Portal switches between the stored Prices, so they are used
        # while they charge what the settings (and /membership/) say.
        price_id = checkout_price_id(offer.plan)
        if price_id:
            params["line_items"] = [{"price": price_id, "quantity": 1}]
        subscription_data: dict = {"metadata": metadata}
        trial_days = PaymentSettings.load().trial_days
        if trial_days:
            subscription_data["trial_period_days"] = trial_days
        params["subscription_data"] = subscription_data
    else:
        params["payment_intent_data"] = {"metadata": metadata}
        params["invoice_creation"] = {"enabled": True}
    return params


def start_checkout(
    *, user: User, kind: str, object_id: int | None = None, plan: str = ""
) -> str:
    """The URL of a Stripe Checkout page for this purchase."""
    if not gateway.is_configured():
        raise PaymentsError(errors.NOT_CONFIGURED)
    if not has_verified_email(user):
        raise PaymentsError(errors.EMAIL_NOT_VERIFIED)
    # Refuses what is not for sale or already owned, before Stripe is called.
    offer = get_purchasable(kind).get_offer(user=user, object_id=object_id, plan=plan)
    reopened = _open_payment(user, offer)
    if reopened is not None:
        return reopened.checkout_url
    customer_id = get_or_create_customer_id(user=user)
    payment = Payment.objects.create(
        user=user,
        kind=offer.kind,
        object_id=offer.object_id,
        plan=offer.plan,
        description=offer.description,
        return_path=offer.return_path,
        amount=offer.amount,
        currency=offer.currency,
        checkout_expires_at=timezone.now() + CHECKOUT_LIFETIME,
    )
    try:
        session = gateway.client().v1.checkout.sessions.create(
            params=_session_params(payment, offer, customer_id),
            options={"idempotency_key": f"checkout-{payment.pk}"},
        )
    except stripe.StripeError as error:
        Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.FAILED)
        raise PaymentsError(errors.STRIPE_UNAVAILABLE) from error
    Payment.objects.filter(pk=payment.pk).update(
        stripe_checkout_session_id=session.id, checkout_url=session.url
    )
    return session.url


def open_billing_portal(*, user: User, return_path: str = "/dashboard/billing/") -> str:
    """The Stripe Customer Portal, where members change or cancel their
    membership (the Portal is configured to apply changes at period end)."""
    if not gateway.is_configured():
        raise PaymentsError(errors.NOT_CONFIGURED)
    customer_id = get_or_create_customer_id(user=user)
    params = {"customer": customer_id, "return_url": _absolute(return_path)}
    configuration = PaymentSettings.load().portal_configuration_id
    if configuration:
        params["configuration"] = configuration
    try:
        session = gateway.client().v1.billing_portal.sessions.create(params=params)
    except stripe.StripeError as error:
        raise PaymentsError(errors.STRIPE_UNAVAILABLE) from error
    return session.url

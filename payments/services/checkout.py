"""Opening a Stripe Checkout Session and the Customer Portal.

The price always comes from our database through the registry's `Offer`;
the browser only says what it wants to buy. Checkout never grants access:
the webhook does, once Stripe confirms the payment.
"""

import logging
from datetime import timedelta

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.selectors import has_verified_email
from payments import errors, gateway
from payments.errors import PaymentsError
from payments.models import Payment, PaymentSettings, StripeCustomer
from payments.money import to_minor_units
from payments.registry import Offer, get_purchasable
from payments.services.stripe_catalog import checkout_price_id

logger = logging.getLogger(__name__)

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


# A Checkout page about to expire is not handed out again: the member
# would land on it with no time to pay.
REUSE_MARGIN = timedelta(minutes=2)


def _open_payment(user: User, offer: Offer) -> Payment | None:
    """The member's open payment for this thing, locked (there is at most
    one: the `one_open_payment_per_item` constraint)."""
    return (
        Payment.objects.select_for_update()
        .filter(
            user=user,
            kind=offer.kind,
            object_id=offer.object_id,
            status=Payment.Status.PENDING,
        )
        .first()
    )


def _reusable(payment: Payment, offer: Offer) -> bool:
    """Whether the open payment is this very purchase, with time to pay.
    One whose Checkout page is still being made (no URL yet, a second tab
    racing the first) is reused too: the idempotency key gives both tabs
    the same page."""
    if payment.plan != offer.plan:
        return False
    expires = payment.checkout_expires_at
    return expires is not None and expires > timezone.now() + REUSE_MARGIN


def _checkout_completed(session_id: str) -> bool:
    """Expire a Checkout Session; True when Stripe says it was completed
    instead (it expires only open ones)."""
    sessions = gateway.client().v1.checkout.sessions
    try:
        sessions.expire(session_id)
    except stripe.InvalidRequestError:
        return sessions.retrieve(session_id).status == "complete"
    return False


def _close_checkout(payment: Payment) -> None:
    """Expire an open payment's Checkout page at Stripe before another is
    made, so the member cannot pay both. Raises PaymentsError when Stripe
    cannot be reached, or says it was completed meanwhile (the webhook is on
    its way)."""
    if payment.stripe_checkout_session_id:
        try:
            completed = _checkout_completed(payment.stripe_checkout_session_id)
        except stripe.StripeError as error:
            raise PaymentsError(errors.STRIPE_UNAVAILABLE) from error
        if completed:
            raise PaymentsError(errors.PAYMENT_IN_PROGRESS)
    Payment.objects.filter(pk=payment.pk, status=Payment.Status.PENDING).update(
        status=Payment.Status.EXPIRED
    )


def _claim_payment(user: User, offer: Offer) -> Payment:
    """The member's one open payment for this thing: the open one when it is
    the same purchase with time left, else a new one (the old Checkout page
    is expired at Stripe first). Two requests at once meet at the unique
    constraint; the second takes the first's payment."""
    for _attempt in range(3):
        with transaction.atomic():
            payment = _open_payment(user, offer)
            if payment is None:
                try:
                    with transaction.atomic():
                        return Payment.objects.create(
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
                except IntegrityError:
                    continue  # Another request opened one: take it.
            if _reusable(payment, offer):
                return payment
        # Not under a lock: Stripe is called outside the transaction.
        _close_checkout(payment)
    raise PaymentsError(errors.STRIPE_UNAVAILABLE)


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
    payment = _claim_payment(user, offer)
    if payment.checkout_url:
        return payment.checkout_url
    try:
        customer_id = get_or_create_customer_id(user=user)
        session = gateway.client().v1.checkout.sessions.create(
            params=_session_params(payment, offer, customer_id),
            options={"idempotency_key": f"checkout-{payment.pk}"},
        )
    except stripe.StripeError as error:
        Payment.objects.filter(
            pk=payment.pk, status=Payment.Status.PENDING, checkout_url=""
        ).update(status=Payment.Status.FAILED)
        raise PaymentsError(errors.STRIPE_UNAVAILABLE) from error
    Payment.objects.filter(pk=payment.pk).update(
        stripe_checkout_session_id=session.id, checkout_url=session.url
    )
    return session.url


def expire_open_checkouts(*, kind: str, object_ids: list[int]) -> None:
    """Close the Checkout pages still open for these things (a booking given
    up) once the caller's transaction commits, so nobody pays for what is
    gone. A payment that completes anyway is refunded by its fulfilment."""
    from payments.tasks import expire_checkout_task

    open_ids = list(
        Payment.objects.filter(
            kind=kind, object_id__in=object_ids, status=Payment.Status.PENDING
        )
        .exclude(stripe_checkout_session_id=None)
        .values_list("pk", flat=True)
    )
    for payment_id in open_ids:
        transaction.on_commit(
            lambda pk=payment_id: expire_checkout_task.enqueue(payment_id=pk)
        )


def expire_checkout(*, payment_id: int) -> None:
    """The task behind `expire_open_checkouts`: Stripe refuses to expire a
    completed session, and then the webhook settles the payment."""
    payment = Payment.objects.filter(
        pk=payment_id, status=Payment.Status.PENDING
    ).first()
    if payment is None:
        return
    try:
        _close_checkout(payment)
    except PaymentsError as error:
        # Completed: fulfilment refunds it. Stripe unreachable: the page
        # expires by itself within CHECKOUT_LIFETIME.
        logger.warning("Checkout of payment %s not closed: %s", payment_id, error)


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

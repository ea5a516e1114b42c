"""The membership as Stripe knows it: one Product, a Price per plan, and
the Customer Portal configuration members switch and cancel plans in.

The payments settings are the one source of truth for what a membership
costs: /membership/ shows them and Checkout charges them. The stored Stripe
Price of a plan is used only while it still charges exactly that (same
amount, currency and interval, and active); otherwise Checkout sends the
price from the settings itself (`price_data`), so a price changed in the
admin is charged at once. `setup_stripe_portal` (run again after changing a
price) then makes the stored Prices match: it finds them by lookup key and
creates a new Price only when the amount changed, moving the key to it, so
running it twice creates nothing twice.
"""

import logging
from dataclasses import dataclass

import stripe
from django.conf import settings

from payments import errors, gateway
from payments.errors import PaymentsError
from payments.membership import PLANS
from payments.models import PaymentSettings
from payments.money import to_minor_units

logger = logging.getLogger(__name__)

PRODUCT_ID = "masteryhub_membership"
PRODUCT_NAME = "MasteryHub membership"
LOOKUP_KEYS = {plan: f"masteryhub_membership_{plan}" for plan in PLANS}


@dataclass(frozen=True)
class PlanPrice:
    """What a plan costs according to the settings, as Stripe states it."""

    currency: str  # lower case, as Stripe writes it
    unit_amount: int  # minor units
    interval: str

    def matches(self, price) -> bool:
        """Does this Stripe Price charge exactly this, and may it be sold?"""
        data = price.to_dict() if hasattr(price, "to_dict") else dict(price)
        recurring = data.get("recurring") or {}
        return (
            bool(data.get("active"))
            and data.get("currency") == self.currency
            and data.get("unit_amount") == self.unit_amount
            and recurring.get("interval") == self.interval
            and recurring.get("interval_count", 1) == 1
        )


def plan_price(plan: str, prices: PaymentSettings | None = None) -> PlanPrice:
    prices = prices or PaymentSettings.load()
    amount = (
        prices.membership_monthly_price
        if plan == "monthly"
        else prices.membership_yearly_price
    )
    return PlanPrice(
        currency=prices.currency.lower(),
        unit_amount=to_minor_units(amount),
        interval=PLANS[plan],
    )


def _stored_price_id(plan: str, prices: PaymentSettings) -> str:
    return {
        "monthly": prices.stripe_monthly_price_id,
        "yearly": prices.stripe_yearly_price_id,
    }.get(plan, "")


def checkout_price_id(plan: str) -> str:
    """The stored Stripe Price for `plan` if it charges what the settings
    say, else "" (Checkout then sends the settings' price itself)."""
    prices = PaymentSettings.load()
    price_id = _stored_price_id(plan, prices)
    if not price_id:
        return ""
    try:
        price = gateway.client().v1.prices.retrieve(price_id)
    except stripe.StripeError as error:
        logger.warning("Stripe Price %s unreadable (%s)", price_id, error)
        return ""
    if plan_price(plan, prices).matches(price):
        return price_id
    logger.warning(
        "Stripe Price %s no longer matches the %s membership price in the "
        "settings: Checkout charges the settings' price; run "
        "`manage.py setup_stripe_portal` so the Customer Portal offers it too",
        price_id,
        plan,
    )
    return ""


def _existing_prices(stripe_client) -> dict:
    found = stripe_client.prices.list(
        params={"lookup_keys": list(LOOKUP_KEYS.values()), "limit": len(LOOKUP_KEYS)}
    )
    return {price.lookup_key: price for price in found.data}


def _product_id(stripe_client, existing: dict) -> str:
    """The membership Product: the one our Prices belong to, else ours by its
    fixed id (made by an earlier run that stopped half way), else a new one."""
    if existing:
        product = next(iter(existing.values())).product
        return product if isinstance(product, str) else product.id
    try:
        return stripe_client.products.retrieve(PRODUCT_ID).id
    except stripe.InvalidRequestError:
        return stripe_client.products.create(
            params={"id": PRODUCT_ID, "name": PRODUCT_NAME}
        ).id


def sync_membership_prices(stripe_client, prices: PaymentSettings) -> dict[str, str]:
    """A Stripe Price per plan charging what the settings say, found by its
    lookup key or created (taking the key over from the old Price)."""
    existing = _existing_prices(stripe_client)
    product_id = _product_id(stripe_client, existing)
    price_ids = {}
    for plan, lookup_key in LOOKUP_KEYS.items():
        wanted = plan_price(plan, prices)
        current = existing.get(lookup_key)
        if current is not None and wanted.matches(current):
            price_ids[plan] = current.id
            continue
        created = stripe_client.prices.create(
            params={
                "product": product_id,
                "currency": wanted.currency,
                "unit_amount": wanted.unit_amount,
                "recurring": {"interval": wanted.interval},
                "lookup_key": lookup_key,
                "transfer_lookup_key": True,
                "metadata": {"plan": plan},
            }
        )
        price_ids[plan] = created.id
    return {"product": product_id, **price_ids}


def _portal_features(product: str, prices: list[str]) -> dict:
    return {
        "customer_update": {"enabled": True, "allowed_updates": ["email", "address"]},
        "invoice_history": {"enabled": True},
        "payment_method_update": {"enabled": True},
        # Members keep what they paid for: cancelling ends the membership at
        # the end of the period, never at once and never with a proration.
        "subscription_cancel": {
            "enabled": True,
            "mode": "at_period_end",
            "proration_behavior": "none",
        },
        # Switching between monthly and yearly: no prorations, and a move to
        # a cheaper or shorter plan waits for the end of the paid period.
        "subscription_update": {
            "enabled": True,
            "default_allowed_updates": ["price"],
            "products": [{"product": product, "prices": prices}],
            "proration_behavior": "none",
            "schedule_at_period_end": {
                "conditions": [
                    {"type": "decreasing_item_amount"},
                    {"type": "shortening_interval"},
                ]
            },
        },
    }


def _save_portal_configuration(stripe_client, current_id: str, params: dict) -> str:
    """Update the stored configuration in place; create one only when there
    is none (or Stripe no longer has it)."""
    configurations = stripe_client.billing_portal.configurations
    if current_id:
        try:
            return configurations.update(current_id, params=params).id
        except stripe.InvalidRequestError:
            logger.warning("Portal configuration %s is gone: creating one", current_id)
    return configurations.create(params=params).id


def setup_billing_portal() -> str:
    """Make Stripe's membership Product, Prices and Customer Portal match
    the payments settings and remember their ids. Idempotent: run it again
    after changing a membership price (or on every deploy)."""
    if not gateway.is_configured():
        raise PaymentsError(errors.NOT_CONFIGURED)
    stripe_client = gateway.client().v1
    prices = PaymentSettings.load()
    synced = sync_membership_prices(stripe_client, prices)
    configuration_id = _save_portal_configuration(
        stripe_client,
        prices.portal_configuration_id,
        {
            "business_profile": {"headline": PRODUCT_NAME},
            "features": _portal_features(
                synced["product"], [synced[plan] for plan in PLANS]
            ),
            "default_return_url": settings.SITE_URL.rstrip("/") + "/dashboard/billing/",
        },
    )
    prices.stripe_monthly_price_id = synced["monthly"]
    prices.stripe_yearly_price_id = synced["yearly"]
    prices.portal_configuration_id = configuration_id
    prices.save(
        update_fields=[
            "stripe_monthly_price_id",
            "stripe_yearly_price_id",
            "portal_configuration_id",
        ]
    )
    return configuration_id

"""Amounts as Stripe takes them: minor units, and the one table of minimum
charges every editor that sets a price checks against (sessions, premium
pages, the membership).

Stripe refuses a charge below its minimum for the currency (docs.stripe.com
/currencies, "Minimum and maximum charge amounts"); a session priced 0.20
would take bookings that can never be paid.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MINIMUM_CHARGE = {
    "EUR": Decimal("0.50"),
    "USD": Decimal("0.50"),
    "GBP": Decimal("0.30"),
}

BELOW_MINIMUM = _(
    "Stripe cannot charge less than %(minimum)s %(currency)s: set at least "
    "%(minimum)s %(currency)s."
)
BELOW_MINIMUM_OR_FREE = _(
    "Stripe cannot charge less than %(minimum)s %(currency)s: set 0 for free, "
    "or at least %(minimum)s %(currency)s."
)


def to_minor_units(amount: Decimal) -> int:
    # EUR, USD and GBP (our currencies) have two decimals.
    return int((amount * 100).to_integral_value())


def from_minor_units(value: int | None) -> Decimal:
    return (Decimal(value or 0) / 100).quantize(Decimal("0.01"))


def minimum_charge(currency: str) -> Decimal:
    return MINIMUM_CHARGE[currency.upper()]


def price_problems(
    amount: Decimal | None, currency: str, *, field: str, free_allowed: bool
) -> dict[str, list[ValidationError]]:
    """`{field: [error]}` when Stripe would refuse to charge `amount` (0 stays
    valid where the thing may be free), else `{}`: a model's `clean` merges
    it with its other problems and raises them together."""
    if amount is None or not currency or currency.upper() not in MINIMUM_CHARGE:
        return {}  # missing or unknown: the fields' own validation says so
    if free_allowed and amount == 0:
        return {}
    minimum = minimum_charge(currency)
    if amount >= minimum:
        return {}
    message = BELOW_MINIMUM_OR_FREE if free_allowed else BELOW_MINIMUM
    error = ValidationError(
        message,
        code="below_stripe_minimum",
        params={"minimum": minimum, "currency": currency.upper()},
    )
    return {field: [error]}

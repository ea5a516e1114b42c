"""What can be bought, registered by the apps that own it.

`payments` sits below the feature apps, so it never imports them: each app
registers a `Purchasable` for its kind (sessions: a seat; content: a page;
experts, later: a 1:1 mentorship slot) from its AppConfig.ready(), and the
checkout and webhook code only talks to this interface.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from payments.errors import NOT_FOR_SALE, PaymentsError


@dataclass(frozen=True)
class Offer:
    """A price from our database (never from the browser) for one thing."""

    kind: str
    object_id: int | None
    description: str
    amount: Decimal
    currency: str
    # Where Stripe sends the member back to (a path on this site).
    return_path: str
    # Memberships: "month" or "year"; one-off purchases: "".
    interval: str = ""
    plan: str = ""


class Purchasable(Protocol):
    kind: str

    def get_offer(self, *, user, object_id: int | None, plan: str = "") -> Offer:
        """The price for this member; raises PaymentsError when it is not
        for sale or they already own it (before Stripe is called)."""

    def fulfil(self, *, payment) -> None:
        """Grant what was paid for; runs in the webhook's transaction and
        must be idempotent."""

    def revoke(self, *, payment) -> None:
        """Take back what a refunded payment granted."""


_registry: dict[str, Purchasable] = {}


def register(purchasable: Purchasable) -> None:
    _registry[purchasable.kind] = purchasable


def get_purchasable(kind: str) -> Purchasable:
    try:
        return _registry[kind]
    except KeyError:
        raise PaymentsError(NOT_FOR_SALE) from None

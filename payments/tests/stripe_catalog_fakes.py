"""Stripe's Products, Prices and Customer Portal configurations for the
membership, kept the way Stripe keeps them, behind the fake transport
(not a test module).

Objects are shaped like Stripe's published examples (stripe/openapi
fixtures: `price`, `product`, `billing_portal.configuration`, `list`).
"""

import itertools
from urllib.parse import parse_qs, urlsplit

from payments.tests.stripe_fakes import FakeStripe

CREATED = 1_767_225_600


def price_object(
    price_id: str,
    *,
    product: str,
    currency: str,
    unit_amount: int,
    interval: str,
    lookup_key: str | None = None,
    active: bool = True,
    metadata: dict | None = None,
) -> dict:
    return {
        "id": price_id,
        "object": "price",
        "active": active,
        "billing_scheme": "per_unit",
        "created": CREATED,
        "currency": currency,
        "custom_unit_amount": None,
        "livemode": False,
        "lookup_key": lookup_key,
        "metadata": metadata or {},
        "nickname": None,
        "product": product,
        "recurring": {
            "interval": interval,
            "interval_count": 1,
            "meter": None,
            "trial_period_days": None,
            "usage_type": "licensed",
        },
        "tax_behavior": "unspecified",
        "tiers_mode": None,
        "transform_quantity": None,
        "type": "recurring",
        "unit_amount": unit_amount,
        "unit_amount_decimal": str(unit_amount),
    }


def product_object(product_id: str, name: str) -> dict:
    return {
        "id": product_id,
        "object": "product",
        "active": True,
        "created": CREATED,
        "default_price": None,
        "description": None,
        "images": [],
        "livemode": False,
        "marketing_features": [],
        "metadata": {},
        "name": name,
        "package_dimensions": None,
        "shippable": None,
        "statement_descriptor": None,
        "tax_code": None,
        "unit_label": None,
        "updated": CREATED,
        "url": None,
    }


def configuration_object(configuration_id: str, form: dict) -> dict:
    return {
        "id": configuration_id,
        "object": "billing_portal.configuration",
        "active": True,
        "application": None,
        "business_profile": {
            "headline": form.get("business_profile[headline]"),
            "privacy_policy_url": None,
            "terms_of_service_url": None,
        },
        "created": CREATED,
        "default_return_url": form.get("default_return_url"),
        "features": {},
        "is_default": False,
        "livemode": False,
        "login_page": {"enabled": False, "url": None},
        "metadata": {},
        "name": None,
        "updated": CREATED,
    }


def missing(kind: str, object_id: str) -> dict:
    return {
        "error": {
            "code": "resource_missing",
            "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
            "message": f"No such {kind}: '{object_id}'",
            "param": "id",
            "type": "invalid_request_error",
        }
    }


class StripeCatalog:
    """Answers the product, price and portal configuration endpoints from
    state: created Prices are listed by lookup key and retrieved by id, and
    `transfer_lookup_key` moves a key from one Price to another."""

    def __init__(self, fake: FakeStripe):
        self.fake = fake
        self.prices: dict[str, dict] = {}
        self.products: dict[str, dict] = {}
        self.configurations: dict[str, dict] = {}
        self._ids = itertools.count(1)
        fake.on("GET", "/v1/prices", self._list_prices)
        fake.on("POST", "/v1/prices", self._create_price)
        fake.on("POST", "/v1/products", self._create_product)
        fake.on("POST", "/v1/billing_portal/configurations", self._create_configuration)

    def product_missing(self, product_id: str) -> None:
        path = f"/v1/products/{product_id}"
        self.fake.routes[("GET", path)] = [(404, missing("product", product_id))]

    def _answer(self, method: str, path: str, body) -> None:
        self.fake.routes[(method, path)] = [(200, body)]

    def _query(self) -> dict:
        # The request being answered is the last one recorded.
        return parse_qs(urlsplit(self.fake.requests[-1]["url"]).query)

    def _list_prices(self, form: dict) -> dict:
        wanted = {
            value
            for key, values in self._query().items()
            if key.startswith("lookup_keys")
            for value in values
        }
        found = [p for p in self.prices.values() if p["lookup_key"] in wanted]
        return {"object": "list", "url": "/v1/prices", "has_more": False, "data": found}

    def _create_price(self, form: dict) -> dict:
        price_id = f"price_{next(self._ids)}"
        lookup_key = form.get("lookup_key")
        if lookup_key and form.get("transfer_lookup_key") == "true":
            for other in self.prices.values():
                if other["lookup_key"] == lookup_key:
                    other["lookup_key"] = None
        price = price_object(
            price_id,
            product=form["product"],
            currency=form["currency"],
            unit_amount=int(form["unit_amount"]),
            interval=form["recurring[interval]"],
            lookup_key=lookup_key,
            metadata={"plan": form.get("metadata[plan]", "")},
        )
        self.prices[price_id] = price
        self._answer("GET", f"/v1/prices/{price_id}", lambda _form: price)
        return price

    def _create_product(self, form: dict) -> dict:
        product_id = form.get("id") or f"prod_{next(self._ids)}"
        product = product_object(product_id, form["name"])
        self.products[product_id] = product
        self._answer("GET", f"/v1/products/{product_id}", product)
        return product

    def _create_configuration(self, form: dict) -> dict:
        configuration_id = f"bpc_{next(self._ids)}"
        configuration = configuration_object(configuration_id, form)
        self.configurations[configuration_id] = configuration
        self._answer(
            "POST",
            f"/v1/billing_portal/configurations/{configuration_id}",
            lambda _form: configuration,
        )
        return configuration

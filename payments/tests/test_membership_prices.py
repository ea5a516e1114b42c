"""One source of truth for the membership's price: what /membership/ shows
(the payments settings) is what Checkout charges, and `setup_stripe_portal`
keeps Stripe's Prices in step without creating anything twice."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from accounts.tests.factories import UserFactory
from payments.models import PaymentSettings
from payments.services.stripe_catalog import LOOKUP_KEYS, PRODUCT_ID
from payments.tests.stripe_catalog_fakes import StripeCatalog

pytestmark = pytest.mark.django_db
CHECKOUT = ("POST", "/v1/checkout/sessions")


@pytest.fixture
def catalog(stripe_api):
    catalog = StripeCatalog(stripe_api)
    catalog.product_missing(PRODUCT_ID)
    return catalog


def setup_portal():
    call_command("setup_stripe_portal")
    return PaymentSettings.load()


def creations(stripe_api, path: str) -> list[dict]:
    return [call["form"] for call in stripe_api.calls("POST", path)]


def set_monthly_price(amount: str) -> None:
    prices = PaymentSettings.load()
    prices.membership_monthly_price = Decimal(amount)
    prices.save()


def checkout_form(client, stripe_api) -> dict:
    """What a new member's membership Checkout asks Stripe to charge."""
    member = UserFactory()
    stripe_api.requests.clear()
    stripe_api.routes[("POST", "/v1/customers")] = [
        (200, {"id": f"cus_{member.pk}", "object": "customer"})
    ]
    stub_id = f"cs_test_{member.pk}"
    stripe_api.routes[CHECKOUT] = [
        (
            200,
            {
                "id": stub_id,
                "object": "checkout.session",
                "url": f"https://checkout.stripe.test/c/{stub_id}",
            },
        )
    ]
    client.force_login(member)
    client.post("/payments/checkout/", {"kind": "membership", "plan": "monthly"})
    (call,) = stripe_api.calls(*CHECKOUT)
    return call["form"]


def test_running_setup_twice_creates_nothing_twice(catalog, stripe_api):
    first = setup_portal()
    (product,) = creations(stripe_api, "/v1/products")
    assert product["id"] == PRODUCT_ID
    monthly, yearly = creations(stripe_api, "/v1/prices")
    assert (monthly["unit_amount"], monthly["recurring[interval]"]) == ("1500", "month")
    assert (yearly["unit_amount"], yearly["recurring[interval]"]) == ("15000", "year")
    assert monthly["lookup_key"] == LOOKUP_KEYS["monthly"]
    assert monthly["transfer_lookup_key"] == "true"

    stripe_api.requests.clear()
    second = setup_portal()
    assert creations(stripe_api, "/v1/products") == []
    assert creations(stripe_api, "/v1/prices") == []
    assert creations(stripe_api, "/v1/billing_portal/configurations") == []
    # The one configuration is updated in place.
    (update,) = creations(
        stripe_api, f"/v1/billing_portal/configurations/{first.portal_configuration_id}"
    )
    assert update["features[subscription_cancel][mode]"] == "at_period_end"
    assert (second.stripe_monthly_price_id, second.stripe_yearly_price_id) == (
        first.stripe_monthly_price_id,
        first.stripe_yearly_price_id,
    )
    assert len(catalog.prices) == 2 and len(catalog.configurations) == 1


def test_a_changed_price_gets_one_new_price_and_its_lookup_key(catalog, stripe_api):
    before = setup_portal()
    set_monthly_price("18.00")
    stripe_api.requests.clear()
    after = setup_portal()

    (created,) = creations(stripe_api, "/v1/prices")  # the yearly one is kept
    assert created["unit_amount"] == "1800"
    assert created["product"] == PRODUCT_ID
    assert after.stripe_monthly_price_id != before.stripe_monthly_price_id
    assert after.stripe_yearly_price_id == before.stripe_yearly_price_id
    assert (
        catalog.prices[after.stripe_monthly_price_id]["lookup_key"]
        == (LOOKUP_KEYS["monthly"])
    )
    assert catalog.prices[before.stripe_monthly_price_id]["lookup_key"] is None
    (update,) = creations(
        stripe_api, f"/v1/billing_portal/configurations/{after.portal_configuration_id}"
    )
    offered = update["features[subscription_update][products][0][prices][0]"]
    assert offered == after.stripe_monthly_price_id


def test_checkout_charges_the_price_shown_even_before_setup_runs_again(
    client, catalog, stripe_api
):
    stored = setup_portal()
    assert checkout_form(client, stripe_api)["line_items[0][price]"] == (
        stored.stripe_monthly_price_id
    )

    set_monthly_price("18.00")
    assert "18.00 EUR" in client.get("/membership/").content.decode()
    form = checkout_form(client, stripe_api)
    assert "line_items[0][price]" not in form
    assert form["line_items[0][price_data][unit_amount]"] == "1800"
    assert form["line_items[0][price_data][currency]"] == "eur"
    assert form["line_items[0][price_data][recurring][interval]"] == "month"


def test_an_archived_price_is_not_charged(client, catalog, stripe_api):
    stored = setup_portal()
    catalog.prices[stored.stripe_monthly_price_id]["active"] = False
    form = checkout_form(client, stripe_api)
    assert "line_items[0][price]" not in form
    assert form["line_items[0][price_data][unit_amount]"] == "1500"


def test_setup_names_the_missing_settings(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    with pytest.raises(CommandError) as refused:
        call_command("setup_stripe_portal")
    assert "STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET" in str(refused.value)

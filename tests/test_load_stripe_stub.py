"""The load test's Stripe stub (bench/load/stripe_stub.py) must be believed
by the site as Stripe is: its webhooks pass the site's signature check, and
it reads the requests the real `stripe` library writes."""

import time
from urllib.parse import urlencode

import pytest
from stripe._encode import _api_encode

from bench.load import stripe_stub
from payments import gateway

SECRET = "whsec_stub_test"


@pytest.fixture
def completed_event():
    """The event the stub sends when a member pays a Checkout it opened."""
    stub = stripe_stub.Stub(
        base_url="http://127.0.0.1:1",
        secret=SECRET,
        webhooks=["-"],
        duplicate_share=0,
    )
    session = stub.create_session(
        {
            "mode": "payment",
            "line_items": [
                {
                    "price_data": {"currency": "eur", "unit_amount": "2500"},
                    "quantity": "1",
                }
            ],
            "metadata": {"payment_id": "1"},
            "success_url": "https://127.0.0.1/payments/return/1/?session_id={CHECKOUT_SESSION_ID}",
        }
    )
    back = stub.pay(session["id"])
    assert back == f"https://127.0.0.1/payments/return/1/?session_id={session['id']}"
    event, _copy, _attempt, _due = stub.outbox.get_nowait()
    return event


def _deliver(client, event, secret):
    payload = stripe_stub.json.dumps(event).encode()
    return client.post(
        "/payments/webhook/",
        payload,
        content_type="application/json; charset=utf-8",
        headers={
            "stripe-signature": stripe_stub.sign(payload, secret, int(time.time()))
        },
    )


@pytest.mark.django_db
def test_site_accepts_the_stubs_signed_webhook(client, settings, completed_event):
    settings.STRIPE_SECRET_KEY = "sk_test_stub"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    assert completed_event["type"] == "checkout.session.completed"
    assert completed_event["data"]["object"]["amount_total"] == 2500
    assert _deliver(client, completed_event, SECRET).status_code == 200


@pytest.mark.django_db
def test_site_refuses_the_stubs_webhook_signed_with_another_secret(
    client, settings, completed_event
):
    settings.STRIPE_SECRET_KEY = "sk_test_stub"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    assert _deliver(client, completed_event, "whsec_other").status_code == 400


def test_stub_reads_the_form_encoding_of_the_stripe_library():
    params = {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount": 2500,
                    "product_data": {"name": "Seat: A & B"},
                },
                "quantity": 1,
            }
        ],
        "metadata": {"payment_id": "7", "object_id": ""},
    }
    encoded = urlencode(list(_api_encode(params))).encode()
    assert stripe_stub.parse_form(encoded) == {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount": "2500",
                    "product_data": {"name": "Seat: A & B"},
                },
                "quantity": "1",
            }
        ],
        "metadata": {"payment_id": "7", "object_id": ""},
    }


def test_stub_speaks_the_api_version_the_site_pins():
    assert stripe_stub.API_VERSION == gateway.API_VERSION

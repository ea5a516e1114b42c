"""Correctly signed bodies that are not events Stripe sends are answered
400 (nothing of them stored, nothing applied: Stripe shows the delivery as
failed) or, when they are well-formed but about something that is not ours,
acknowledged with 200 and logged: never a 500, whatever the body."""

import json
import logging

import pytest

from accounts.tests.factories import UserFactory
from payments.access import has_membership
from payments.models import Payment, StripeEvent, Subscription
from payments.tests import stripe_objects as objects
from payments.tests.factories import pending_purchase
from payments.tests.stripe_fakes import deliver, post_webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(stripe_api):
    return pending_purchase(UserFactory())


def completed(payment) -> dict:
    return objects.event(
        "checkout.session.completed", objects.completed_session(payment)
    )


def refused(client, envelope_or_body) -> None:
    body = (
        envelope_or_body
        if isinstance(envelope_or_body, str)
        else json.dumps(envelope_or_body)
    )
    response = deliver(client, body)
    assert response.status_code == 400, response.content
    assert response.json() == {"error": "malformed event"}
    assert not StripeEvent.objects.exists()


@pytest.mark.parametrize(
    "event_type", ["checkout.session.completed", "customer.created"]
)
def test_an_event_without_its_object_is_refused(client, payment, event_type):
    envelope = completed(payment)
    envelope["type"] = event_type
    envelope["data"]["object"] = {}
    refused(client, envelope)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


@pytest.mark.parametrize("data", [None, [], "cs_test", {"object": None}, {}])
def test_an_event_whose_data_is_not_an_object_is_refused(client, payment, data):
    envelope = completed(payment)
    envelope["data"] = data
    refused(client, envelope)


@pytest.mark.parametrize(
    "created", ["yesterday", "1700000000", None, True, 1.5, -5, 10**15, [1]]
)
def test_created_must_be_a_timestamp(client, payment, created):
    envelope = completed(payment)
    envelope["created"] = created
    refused(client, envelope)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


@pytest.mark.parametrize(
    "field", ["id", "type", "api_version"], ids=["event-id", "type", "api-version"]
)
def test_a_nul_or_a_wrong_kind_of_value_in_the_envelope_is_refused(
    client, payment, field
):
    for value in ["evt_\x00x", 42, "", "x" * 300]:
        envelope = completed(payment)
        envelope[field] = value
        refused(client, envelope)


def test_a_nul_in_the_objects_id_is_refused(client, payment):
    envelope = completed(payment)
    envelope["data"]["object"]["id"] = "cs_test_one_off\x00"
    refused(client, envelope)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_a_raw_nul_byte_in_the_body_is_refused(client, payment):
    body = json.dumps(completed(payment)).replace("cs_test_one_off", "cs_\x00", 1)
    assert "\x00" in body
    refused(client, body)


@pytest.mark.parametrize("depth", [300, 100_000])
def test_deep_nesting_is_refused(client, payment, depth):
    """300 levels: deeper than the `stripe` library builds objects; 100,000:
    deeper than Python's JSON parser goes."""
    envelope = completed(payment)
    body = json.dumps(envelope)
    deep = '{"x": ' * depth + "{}" + "}" * depth
    body = body.replace('"metadata": {', f'"deep": {deep}, "metadata": {{', 1)
    refused(client, body)


@pytest.mark.parametrize("body", ["[]", '"event"', "null", "{}", '{"object": "list"}'])
def test_a_body_that_is_not_an_event_is_refused(client, stripe_api, body):
    refused(client, body)


def test_a_decimal_string_that_is_no_number_is_refused(client, stripe_api):
    price = objects.price()
    price["unit_amount_decimal"] = "lots"
    refused(client, objects.event("price.created", price))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount_total", "900"),
        ("amount_total", -900),
        ("amount_total", 10**12),
        ("currency", "euro"),
        ("payment_intent", {"id": "pi_test"}),
        ("payment_status", None),
        ("metadata", "payment_id=1"),
    ],
)
def test_fields_we_read_must_be_what_stripe_sends(client, payment, field, value):
    envelope = completed(payment)
    envelope["data"]["object"][field] = value
    refused(client, envelope)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


@pytest.mark.parametrize("payment_id", ["abc", "1.5", "-1", "", "1\x00", "0", 7])
def test_a_payment_id_that_is_not_ours_is_acknowledged_and_changes_nothing(
    client, payment, payment_id, caplog
):
    """Metadata we did not write (a Payment Link, the Dashboard): a retry
    would bring the same, so Stripe is told it arrived."""
    envelope = completed(payment)
    envelope["data"]["object"]["metadata"]["payment_id"] = payment_id
    with caplog.at_level(logging.WARNING, logger="payments"):
        response = deliver(client, json.dumps(envelope))
    assert response.status_code == 200
    assert "matches no payment of ours" in caplog.text
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_a_subscription_of_someone_not_ours_is_acknowledged(client, stripe_api):
    member = UserFactory()
    subscription = objects.subscription(member)
    subscription["metadata"] = {"user_id": "not-a-user"}
    response = post_webhook(client, "customer.subscription.created", subscription)
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert not has_membership(member)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("status",), "x" * 40),
        (("status",), 3),
        (("cancel_at_period_end",), "no"),
        (("items",), {"object": "list", "data": "si_1"}),
        (("items", "data", 0, "current_period_end"), "soon"),
    ],
)
def test_a_subscription_we_cannot_read_is_refused(client, stripe_api, path, value):
    member = UserFactory()
    subscription = objects.subscription(member)
    target = subscription
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    refused(client, objects.event("customer.subscription.created", subscription))
    assert not has_membership(member)

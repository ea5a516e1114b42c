"""A membership from Checkout to its end, through the events Stripe sends,
in the order (and disorder, and repetition) Stripe sends them: checkout,
renewal, failed renewal and recovery, plan change, cancellation."""

import itertools
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail

from payments.access import has_membership
from payments.models import Entitlement, Payment, Subscription
from payments.tests import stripe_objects as objects
from payments.tests.stripe_fakes import post_webhook, stub_checkout

pytestmark = pytest.mark.django_db

DAY = objects.DAY
T0 = objects.now()
FIRST_END, SECOND_END, THIRD_END = (T0 + n * 30 * DAY for n in (1, 2, 3))


def at(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


@pytest.fixture
def clock():
    """Stripe's `created` of each event, one second apart."""
    return itertools.count(T0 - 3600)


def send(client, clock, event_type: str, obj: dict, **kwargs):
    response = post_webhook(client, event_type, obj, created=next(clock), **kwargs)
    assert response.status_code == 200, (event_type, response.content)
    return response


def membership_entitlement(member) -> Entitlement:
    return Entitlement.objects.get(user=member, kind="membership")


def subscribe(client, member, stripe_api, clock) -> Payment:
    """Checkout of a monthly membership, with every event Stripe sends for
    it, in an order Stripe sends them."""
    stub_checkout(stripe_api)
    client.post("/payments/checkout/", {"kind": "membership", "plan": "monthly"})
    payment = Payment.objects.get(user=member)
    metadata = objects.our_metadata(payment)

    def sub(**changes):
        return objects.subscription(
            member, payment=payment, period_end=FIRST_END, **changes
        )

    def first(status="paid"):
        return objects.invoice(
            invoice_id="in_first",
            subscription_id="sub_test",
            metadata=metadata,
            billing_reason="subscription_create",
            status=status,
            period_end=FIRST_END,
        )

    card = objects.stripe_object("payment_method")
    card.update(id="pm_test", customer="cus_test", metadata={})
    intent = objects.payment_intent(intent="pi_first", amount=1500)
    for event_type, obj in [
        ("customer.updated", objects.customer()),
        ("product.created", objects.product()),
        ("price.created", objects.price()),
        ("plan.created", objects.plan()),
        ("customer.subscription.created", sub(status="incomplete")),
        ("invoice.created", first("draft")),
        ("invoice.finalized", first("open")),
        ("payment_method.attached", card),
        ("payment_intent.created", {**intent, "status": "requires_payment_method"}),
        ("charge.succeeded", objects.charge(intent="pi_first", amount=1500)),
        ("payment_intent.succeeded", intent),
        ("invoice.paid", first()),
        ("invoice.payment_succeeded", first()),
        (
            "invoice_payment.paid",
            objects.invoice_payment(invoice_id="in_first", intent="pi_first"),
        ),
        ("customer.subscription.updated", sub()),
        (
            "checkout.session.completed",
            objects.checkout_session(
                payment, subscription="sub_test", invoice="in_first"
            ),
        ),
    ]:
        send(client, clock, event_type, obj)
    payment.refresh_from_db()
    return payment


def test_subscription_checkout_with_every_event_stripe_sends_grants_membership(
    client, member, stripe_api, clock
):
    payment = subscribe(client, member, stripe_api, clock)
    assert has_membership(member)
    assert membership_entitlement(member).valid_until == at(FIRST_END)
    assert payment.status == Payment.Status.PAID
    assert payment.amount == objects.Decimal("15.00")
    assert payment.stripe_invoice_id == "in_first"
    assert payment.stripe_payment_intent_id == "pi_first"
    assert payment.receipt_url == "https://invoice.stripe.test/in_first"
    assert Payment.objects.count() == 1
    html = client.get("/dashboard/billing/").content.decode()
    assert "Monthly membership" in html
    assert "https://invoice.stripe.test/in_first" in html


def renewal(invoice_id: str, period_end: int, status: str = "paid") -> dict:
    return objects.invoice(
        invoice_id=invoice_id,
        subscription_id="sub_test",
        billing_reason="subscription_cycle",
        status=status,
        period_end=period_end,
    )


def test_a_membership_renews_survives_a_failed_renewal_and_ends_when_cancelled(
    client, member, stripe_api, clock, django_capture_on_commit_callbacks
):
    subscribe(client, member, stripe_api, clock)

    def sub(period_end, **changes):
        return objects.subscription(member, period_end=period_end, **changes)

    # Renewal. The paid invoice arrives before the subscription's update,
    # and twice: the period it paid for extends access at once, once.
    send(client, clock, "invoice.upcoming", renewal("in_2", SECOND_END, "draft"))
    send(client, clock, "invoice.created", renewal("in_2", SECOND_END, "draft"))
    send(client, clock, "invoice.finalized", renewal("in_2", SECOND_END, "open"))
    paid = renewal("in_2", SECOND_END)
    send(client, clock, "invoice.paid", paid)
    assert membership_entitlement(member).valid_until == at(SECOND_END)
    send(client, clock, "invoice.paid", paid)
    stripe_api.on("GET", "/v1/invoices/in_2", paid)
    send(
        client,
        clock,
        "invoice_payment.paid",
        objects.invoice_payment(invoice_id="in_2", intent="pi_2"),
    )
    send(client, clock, "invoice.payment_succeeded", paid)
    send(client, clock, "customer.subscription.updated", sub(SECOND_END))
    renewed = Payment.objects.get(stripe_invoice_id="in_2")
    assert renewed.description == "Membership renewal"
    assert renewed.amount == objects.Decimal("15.00")
    assert renewed.stripe_payment_intent_id == "pi_2"
    assert membership_entitlement(member).valid_until == at(SECOND_END)

    # A failed renewal: Stripe retries the card and the subscription is
    # past_due meanwhile. The member keeps access and is told to update it.
    send(client, clock, "invoice.created", renewal("in_3", THIRD_END, "draft"))
    send(client, clock, "invoice.finalized", renewal("in_3", THIRD_END, "open"))
    declined = objects.payment_intent(
        intent="pi_3", amount=1500, status="requires_payment_method"
    )
    send(client, clock, "payment_intent.payment_failed", declined)
    send(
        client,
        clock,
        "charge.failed",
        objects.charge(
            charge_id="ch_3", intent="pi_3", status="failed", balance_transaction=None
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(
            client, clock, "invoice.payment_failed", renewal("in_3", THIRD_END, "open")
        )
    stale = next(clock)  # An "active" from before the failure, delivered late.
    send(
        client,
        clock,
        "customer.subscription.updated",
        sub(THIRD_END, status="past_due"),
    )
    post_webhook(
        client, "customer.subscription.updated", sub(SECOND_END), created=stale
    )
    assert Subscription.objects.get().status == "past_due"
    assert has_membership(member)
    assert len(mail.outbox) == 1
    html = client.get("/dashboard/billing/").content.decode()
    assert "Your last payment failed" in html
    assert not Payment.objects.filter(stripe_invoice_id="in_3").exists()

    # Stripe's retry succeeds.
    send(client, clock, "invoice.paid", renewal("in_3", THIRD_END))
    send(client, clock, "customer.subscription.updated", sub(THIRD_END))
    assert Subscription.objects.get().status == "active"
    assert membership_entitlement(member).valid_until == at(THIRD_END)
    assert Payment.objects.filter(description="Membership renewal").count() == 2

    # Cancelled in the Portal: access to the end of the paid period.
    send(
        client,
        clock,
        "customer.subscription.updated",
        sub(THIRD_END, cancel_at_period_end=True),
    )
    assert has_membership(member)
    assert "will not renew" in client.get("/dashboard/billing/").content.decode()

    # The period ends; Stripe deletes the subscription (and says so twice).
    with time_machine.travel(at(THIRD_END + 60), tick=False):
        ended = sub(THIRD_END, status="canceled", ended_at=THIRD_END)
        deleted = next(clock) + 90 * DAY
        for _ in range(2):
            response = post_webhook(
                client,
                "customer.subscription.deleted",
                ended,
                created=deleted,
                event_id="evt_deleted",
            )
            assert response.status_code == 200
        # An update from before the end, late: the membership stays ended.
        post_webhook(
            client,
            "customer.subscription.updated",
            sub(THIRD_END, cancel_at_period_end=True),
            created=deleted - 10,
        )
        assert not has_membership(member)
    assert membership_entitlement(member).revoked_at == at(THIRD_END)
    assert Subscription.objects.get().status == "canceled"


def test_switching_plan_records_the_change_and_the_new_plan(
    client, member, stripe_api, clock
):
    subscribe(client, member, stripe_api, clock)
    yearly_end = T0 + 365 * DAY
    send(
        client,
        clock,
        "customer.subscription.updated",
        objects.subscription(
            member, interval="year", amount=15000, period_end=yearly_end
        ),
    )
    change = objects.invoice(
        invoice_id="in_change",
        subscription_id="sub_test",
        billing_reason="subscription_update",
        amount=13500,
        period_end=yearly_end,
        interval_days=365,
    )
    for event_type in ("invoice.created", "invoice.finalized", "invoice.paid"):
        send(client, clock, event_type, change)
    assert Subscription.objects.get().plan == "yearly"
    assert membership_entitlement(member).valid_until == at(yearly_end)
    changed = Payment.objects.get(stripe_invoice_id="in_change")
    assert changed.description == "Membership change"
    assert changed.amount == objects.Decimal("135.00")
    html = client.get("/dashboard/billing/").content.decode()
    assert "Yearly membership" in html
    assert "135.00 EUR" in html


def test_invoice_payment_ahead_of_its_invoice_is_read_from_stripe(
    client, member, stripe_api, clock
):
    subscribe(client, member, stripe_api, clock)
    paid = renewal("in_early", SECOND_END)
    stripe_api.on("GET", "/v1/invoices/in_early", paid)
    send(
        client,
        clock,
        "invoice_payment.paid",
        objects.invoice_payment(invoice_id="in_early", intent="pi_early"),
    )
    assert stripe_api.calls("GET", "/v1/invoices/in_early")
    send(client, clock, "invoice.paid", paid)
    renewed = Payment.objects.get(stripe_invoice_id="in_early")
    assert renewed.stripe_payment_intent_id == "pi_early"
    assert Payment.objects.filter(description="Membership renewal").count() == 1

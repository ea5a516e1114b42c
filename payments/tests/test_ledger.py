"""The ledger: a one-off purchase records what was charged (after promotion
codes) and Stripe's fee, each refund is a row of its own whichever event
reports it first, and the payment's state follows from them. A full refund
takes access away; a partial one keeps it."""

from decimal import Decimal

import pytest

from payments.access import has_membership
from payments.models import Entitlement, Payment, Refund
from payments.services.ledger import derive_status
from payments.tests import stripe_objects as objects
from payments.tests.factories import pending_purchase
from payments.tests.stripe_fakes import deliver_refund, post_webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def purchase(member, stripe_api):
    return pending_purchase(member)


def paid(client, purchase, **changes) -> Payment:
    session = objects.completed_session(purchase, **changes)
    assert (
        post_webhook(client, "checkout.session.completed", session).status_code == 200
    )
    purchase.refresh_from_db()
    return purchase


def access(purchase) -> bool:
    return Entitlement.objects.filter(
        source_payment=purchase, revoked_at__isnull=True
    ).exists()


def billing(client) -> str:
    return client.get("/dashboard/billing/").content.decode()


def test_full_refund_revokes_once_and_replays_change_nothing(client, purchase):
    paid(client, purchase)
    assert access(purchase)
    refund = deliver_refund(client, amount=900)
    purchase.refresh_from_db()
    assert purchase.status == Payment.Status.REFUNDED
    assert not access(purchase)
    row = Refund.objects.get()
    assert (row.payment, row.amount, row.currency) == (purchase, Decimal("9.00"), "EUR")
    assert (row.stripe_refund_id, row.status) == (refund["id"], "succeeded")
    assert row.reason == "requested_by_customer"
    # Stripe's later notices about the same refund, and a replayed checkout.
    post_webhook(client, "refund.updated", refund)
    post_webhook(client, "charge.refund.updated", refund)
    paid(client, purchase)
    assert Refund.objects.count() == 1
    assert Entitlement.objects.filter(source_payment=purchase).count() == 1
    assert not access(purchase)
    html = billing(client)
    assert "Refunded" in html
    assert "9.00 EUR refunded" in html


def test_partial_refunds_keep_access_until_the_whole_amount_is_back(client, purchase):
    paid(client, purchase)
    deliver_refund(client, amount=300, charged=900)
    purchase.refresh_from_db()
    assert purchase.status == Payment.Status.PARTIALLY_REFUNDED
    assert access(purchase)
    html = billing(client)
    assert "Partially refunded" in html
    assert "3.00 EUR refunded" in html
    deliver_refund(client, amount=600, charged=900, refunded_before=300)
    purchase.refresh_from_db()
    assert purchase.status == Payment.Status.REFUNDED
    assert not access(purchase)
    assert "9.00 EUR refunded" in billing(client)


def test_charge_refunded_first_reads_the_refunds_from_stripe(
    client, purchase, stripe_api
):
    paid(client, purchase)
    refund = objects.refund(amount=900)
    stripe_api.on("GET", "/v1/refunds", objects.refund_list(refund))
    post_webhook(client, "charge.refunded", objects.refunded_charge())
    (asked,) = stripe_api.calls("GET", "/v1/refunds")
    assert "charge=ch_pi_test" in asked["url"]
    purchase.refresh_from_db()
    assert purchase.status == Payment.Status.REFUNDED
    post_webhook(client, "refund.created", refund)
    assert Refund.objects.count() == 1
    assert len(stripe_api.calls("GET", "/v1/refunds")) == 1


def test_stripe_unreachable_for_the_refunds_asks_stripe_to_retry(
    client, purchase, stripe_api
):
    paid(client, purchase)
    stripe_api.fail("GET", "/v1/refunds", status=500)
    response = post_webhook(client, "charge.refunded", objects.refunded_charge())
    assert response.status_code == 503
    purchase.refresh_from_db()
    assert purchase.status == Payment.Status.PAID


def test_a_refund_reported_before_the_payment_means_it_never_grants(client, purchase):
    deliver_refund(client, amount=900)
    assert Refund.objects.get().payment is None
    paid(client, purchase)
    assert Refund.objects.get().payment == purchase
    assert purchase.status == Payment.Status.REFUNDED
    assert not Entitlement.objects.filter(source_payment=purchase).exists()


def test_an_older_refund_state_arriving_late_changes_nothing(client, purchase):
    paid(client, purchase)
    now = objects.now()
    refund = objects.refund(amount=300, status="succeeded")
    post_webhook(client, "refund.updated", refund, created=now)
    post_webhook(
        client, "refund.created", {**refund, "status": "pending"}, created=now - 5
    )
    assert Refund.objects.get().status == "succeeded"


def test_a_failed_partial_refund_puts_the_payment_back_to_paid(client, purchase):
    paid(client, purchase)
    refund = objects.refund(amount=300, status="pending")
    now = objects.now()
    post_webhook(client, "refund.created", refund, created=now)
    purchase.refresh_from_db()
    assert purchase.status == Payment.Status.PARTIALLY_REFUNDED
    post_webhook(
        client, "refund.failed", {**refund, "status": "failed"}, created=now + 1
    )
    purchase.refresh_from_db()
    assert purchase.status == Payment.Status.PAID
    assert access(purchase)


def test_what_was_charged_after_a_promotion_code_is_what_counts(client, purchase):
    paid(client, purchase, amount_total=700)
    assert purchase.amount == Decimal("7.00")
    deliver_refund(client, amount=700)
    purchase.refresh_from_db()
    assert purchase.status == Payment.Status.REFUNDED
    assert "7.00 EUR" in billing(client)


def test_stripes_fee_is_recorded_from_the_balance_transaction(
    client, purchase, stripe_api, django_capture_on_commit_callbacks
):
    latest = objects.charge(
        balance_transaction=objects.balance_transaction(fee=56, amount=900)
    )
    stripe_api.on(
        "GET",
        "/v1/payment_intents/pi_test",
        objects.payment_intent(latest_charge=latest),
    )
    with django_capture_on_commit_callbacks(execute=True):
        paid(client, purchase)
    (asked,) = stripe_api.calls("GET", "/v1/payment_intents/pi_test")
    assert "latest_charge.balance_transaction" in asked["url"].replace("%5B%5D", "")
    purchase.refresh_from_db()
    assert (purchase.fee, purchase.fee_currency) == (Decimal("0.56"), "EUR")


@pytest.mark.parametrize("answer", ["pending", "unreachable"])
def test_a_fee_not_known_yet_stays_unknown(
    client, purchase, stripe_api, django_capture_on_commit_callbacks, answer
):
    if answer == "pending":
        latest = objects.charge(balance_transaction=None)
        body = objects.payment_intent(latest_charge=latest)
        stripe_api.on("GET", "/v1/payment_intents/pi_test", body)
    else:
        stripe_api.fail("GET", "/v1/payment_intents/pi_test", status=500)
    with django_capture_on_commit_callbacks(execute=True):
        paid(client, purchase)
    purchase.refresh_from_db()
    assert purchase.status == Payment.Status.PAID
    assert purchase.fee is None


def test_a_refunded_renewal_shows_refunded_and_the_membership_follows_stripe(
    client, member, stripe_api
):
    post_webhook(client, "customer.subscription.created", objects.subscription(member))
    renewal = objects.invoice(invoice_id="in_renewal", subscription_id="sub_test")
    post_webhook(client, "invoice.paid", renewal)
    post_webhook(
        client,
        "invoice_payment.paid",
        objects.invoice_payment(invoice_id="in_renewal", intent="pi_renewal"),
    )
    deliver_refund(client, intent="pi_renewal", amount=1500)
    renewed = Payment.objects.get(stripe_invoice_id="in_renewal")
    assert renewed.status == Payment.Status.REFUNDED
    # Access follows the subscription, which Stripe (or staff) cancels.
    assert has_membership(member)
    assert "15.00 EUR refunded" in billing(client)


def test_status_is_derived_from_counted_refunds_only(purchase):
    purchase.status = Payment.Status.PAID
    purchase.save()
    made = {"currency": "EUR", "created": purchase.created_at, "payment": purchase}
    Refund.objects.create(
        stripe_refund_id="re_a", amount="5.00", status="failed", **made
    )
    assert derive_status(purchase) == Payment.Status.PAID
    Refund.objects.create(
        stripe_refund_id="re_b", amount="4.00", status="pending", **made
    )
    assert derive_status(purchase) == Payment.Status.PARTIALLY_REFUNDED
    Refund.objects.create(
        stripe_refund_id="re_c", amount="5.00", status="succeeded", **made
    )
    assert derive_status(purchase) == Payment.Status.REFUNDED

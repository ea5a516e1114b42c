"""A member buys a membership: Checkout is created server-side, the return
page waits, the webhook grants access; renewals, failures and the end."""

import json
import time
from decimal import Decimal

import pytest
from django.core import mail

from payments.access import has_membership
from payments.models import (
    Entitlement,
    Payment,
    PaymentSettings,
    StripeEvent,
    Subscription,
)
from payments.tests.stripe_fakes import (
    deliver,
    post_webhook,
    sign,
    signed_event,
    stub_checkout,
)
from payments.tests.stripe_objects import (
    checkout_session,
    customer,
    event,
    invoice,
    subscription,
)

pytestmark = pytest.mark.django_db


def paid_session(payment, **changes):
    return checkout_session(
        payment, subscription="sub_test", invoice="in_first", **changes
    )


def start(client, stripe_api):
    stub_checkout(stripe_api)
    return client.post("/payments/checkout/", {"kind": "membership", "plan": "monthly"})


def test_checkout_is_created_server_side_with_our_price_and_ids(
    client, member, stripe_api
):
    response = start(client, stripe_api)
    assert response.status_code == 302
    assert response["Location"] == "https://checkout.stripe.test/c/cs_test_1"
    payment = Payment.objects.get(user=member)
    assert payment.status == Payment.Status.PENDING
    (call,) = stripe_api.calls("POST", "/v1/checkout/sessions")
    form = call["form"]
    assert form["mode"] == "subscription"
    assert form["line_items[0][price_data][unit_amount]"] == "1500"
    assert form["metadata[payment_id]"] == str(payment.pk)
    assert form["allow_promotion_codes"] == "true"
    assert call["headers"]["Idempotency-Key"] == f"checkout-{payment.pk}"
    assert not has_membership(member)


def test_tampered_price_from_the_browser_is_ignored(client, member, stripe_api):
    stub_checkout(stripe_api)
    client.post(
        "/payments/checkout/",
        {"kind": "membership", "plan": "monthly", "amount": "1", "price": "0.01"},
    )
    (call,) = stripe_api.calls("POST", "/v1/checkout/sessions")
    assert call["form"]["line_items[0][price_data][unit_amount]"] == "1500"


def test_return_page_never_grants_access(client, member, stripe_api):
    start(client, stripe_api)
    payment = Payment.objects.get(user=member)
    response = client.get(f"/payments/return/{payment.pk}/?session_id=cs_test_1")
    assert b"waiting for the payment provider" in response.content
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert not has_membership(member)


def test_webhook_grants_membership_once_even_if_delivered_twice(
    client, member, stripe_api
):
    start(client, stripe_api)
    payment = Payment.objects.get(user=member)
    payload, header = signed_event("checkout.session.completed", paid_session(payment))
    sub_payload, sub_header = signed_event(
        "customer.subscription.created", subscription(member, payment=payment)
    )
    for _ in range(2):
        assert deliver(client, payload, header).status_code == 200
        assert deliver(client, sub_payload, sub_header).status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert has_membership(member)
    assert Entitlement.objects.filter(user=member).count() == 1
    assert StripeEvent.objects.count() == 2


def test_older_subscription_event_arriving_late_changes_nothing(
    client, member, stripe_api
):
    now = int(time.time())
    newer, newer_header = signed_event(
        "customer.subscription.deleted",
        subscription(member, status="canceled", ended_at=now),
        created=now,
    )
    older, older_header = signed_event(
        "customer.subscription.updated", subscription(member), created=now - 60
    )
    deliver(client, newer, newer_header)
    deliver(client, older, older_header)
    assert Subscription.objects.get().status == "canceled"
    assert not has_membership(member)


def test_failed_renewal_emails_and_keeps_access_until_the_subscription_ends(
    client, member, stripe_api, django_capture_on_commit_callbacks
):
    post_webhook(client, "customer.subscription.created", subscription(member))
    failed = invoice(invoice_id="in_2", subscription_id="sub_test", status="open")
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(client, "invoice.payment_failed", failed)
    post_webhook(
        client, "customer.subscription.updated", subscription(member, status="past_due")
    )
    assert has_membership(member)
    assert len(mail.outbox) == 1
    assert "/dashboard/billing/" in mail.outbox[0].body
    assert "15.00 EUR" in mail.outbox[0].body
    post_webhook(
        client,
        "customer.subscription.deleted",
        subscription(member, status="unpaid", ended_at=int(time.time())),
    )
    assert not has_membership(member)


def test_a_first_payment_declined_in_checkout_sends_no_renewal_email(
    client, member, stripe_api, django_capture_on_commit_callbacks
):
    post_webhook(
        client,
        "customer.subscription.created",
        subscription(member, status="incomplete"),
    )
    declined = invoice(
        invoice_id="in_first",
        subscription_id="sub_test",
        billing_reason="subscription_create",
        status="open",
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(client, "invoice.payment_failed", declined)
    assert not mail.outbox
    assert not has_membership(member)


@pytest.mark.parametrize(
    "header",
    ["", "t=1,v1=deadbeef", "garbage"],
    ids=["unsigned", "wrong-signature", "malformed-header"],
)
def test_unsigned_or_wrongly_signed_payloads_are_refused(
    client, member, header, stripe_api
):
    payload = json.dumps(event("customer.subscription.created", subscription(member)))
    response = deliver(client, payload, header)
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_stale_signature_is_refused(client, member, stripe_api):
    payload = json.dumps(event("customer.subscription.created", subscription(member)))
    response = deliver(client, payload, sign(payload, timestamp=time.time() - 3600))
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_malformed_json_is_refused(client, stripe_api):
    response = deliver(client, "{not json")
    assert response.status_code == 400


def renewal_invoice(invoice_id="in_2", reason="subscription_cycle", **changes):
    return invoice(
        invoice_id=invoice_id,
        subscription_id="sub_test",
        billing_reason=reason,
        **changes,
    )


def test_first_invoice_gives_the_checkout_payment_its_receipt(
    client, member, stripe_api
):
    start(client, stripe_api)
    payment = Payment.objects.get(user=member)
    post_webhook(client, "checkout.session.completed", paid_session(payment))
    post_webhook(
        client,
        "invoice.paid",
        renewal_invoice("in_first", reason="subscription_create"),
    )
    payment.refresh_from_db()
    assert payment.receipt_url == "https://invoice.stripe.test/in_first"
    assert Payment.objects.count() == 1


def test_renewals_are_recorded_once_with_their_receipt(client, member, stripe_api):
    post_webhook(client, "customer.subscription.created", subscription(member))
    for _ in range(2):
        post_webhook(client, "invoice.paid", renewal_invoice())
    renewal = Payment.objects.get(stripe_invoice_id="in_2")
    assert renewal.user == member
    assert renewal.status == Payment.Status.PAID
    assert renewal.amount == Decimal("15.00")
    html = client.get("/dashboard/billing/").content.decode()
    assert "https://invoice.stripe.test/in_2" in html


def test_cancelling_at_period_end_keeps_access_and_says_until_when(
    client, member, stripe_api
):
    end = int(time.time()) + 10 * 86400
    post_webhook(
        client,
        "customer.subscription.updated",
        subscription(member, period_end=end, cancel_at_period_end=True),
    )
    assert has_membership(member)
    html = client.get("/dashboard/billing/").content.decode()
    assert "will not renew" in html


def test_membership_ends_when_stripe_says_the_subscription_ended(
    client, member, stripe_api
):
    post_webhook(client, "customer.subscription.created", subscription(member))
    post_webhook(
        client,
        "customer.subscription.deleted",
        subscription(member, status="canceled", ended_at=int(time.time())),
    )
    assert not has_membership(member)
    # A late "active" from before the end does not bring it back.
    post_webhook(
        client,
        "customer.subscription.updated",
        subscription(member),
        created=int(time.time()) - 30,
    )
    assert not has_membership(member)


def test_abandoned_checkout_is_marked_expired(client, member, stripe_api):
    start(client, stripe_api)
    payment = Payment.objects.get(user=member)
    post_webhook(
        client,
        "checkout.session.expired",
        checkout_session(payment, status="expired", payment_status="unpaid"),
    )
    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
    assert not has_membership(member)


def test_unknown_event_types_are_acknowledged_and_change_nothing(client, stripe_api):
    response = post_webhook(client, "customer.created", customer("cus_9"))
    assert response.status_code == 200
    assert not Payment.objects.exists()


def test_second_membership_is_refused_before_stripe(client, member, stripe_api):
    post_webhook(client, "customer.subscription.created", subscription(member))
    response = client.post(
        "/payments/checkout/", {"kind": "membership", "plan": "monthly"}
    )
    assert response.status_code == 302
    assert not stripe_api.calls("POST", "/v1/checkout/sessions")


def test_unknown_plan_or_kind_is_a_clear_message(client, member, stripe_api):
    for data in ({"kind": "membership", "plan": "weekly"}, {"kind": "gold"}):
        response = client.post("/payments/checkout/", data)
        assert response.status_code == 302
        assert list(response.wsgi_request._messages)
    assert not stripe_api.requests


def test_trial_days_setting_goes_to_checkout(client, member, stripe_api):
    prices = PaymentSettings.load()
    prices.trial_days = 14
    prices.save()
    start(client, stripe_api)
    (call,) = stripe_api.calls("POST", "/v1/checkout/sessions")
    assert call["form"]["subscription_data[trial_period_days]"] == "14"


def test_portal_is_configured_to_cancel_at_period_end_and_used(
    client, member, stripe_api
):
    from django.core.management import call_command

    from payments.services.stripe_catalog import PRODUCT_ID
    from payments.tests.stripe_catalog_fakes import StripeCatalog

    StripeCatalog(stripe_api).product_missing(PRODUCT_ID)
    call_command("setup_stripe_portal")
    stored = PaymentSettings.load()
    monthly, yearly = stripe_api.calls("POST", "/v1/prices")
    assert monthly["form"]["unit_amount"] == "1500"
    assert yearly["form"]["recurring[interval]"] == "year"
    (setup,) = stripe_api.calls("POST", "/v1/billing_portal/configurations")
    features = setup["form"]
    assert features["features[subscription_cancel][mode]"] == "at_period_end"
    assert features["features[subscription_update][proration_behavior]"] == "none"
    assert (
        features["features[subscription_update][products][0][prices][1]"]
        == stored.stripe_yearly_price_id
    )
    # New memberships are sold at those Prices, so the Portal can switch.
    start(client, stripe_api)
    (checkout,) = stripe_api.calls("POST", "/v1/checkout/sessions")
    assert checkout["form"]["line_items[0][price]"] == stored.stripe_monthly_price_id

    stripe_api.on(
        "POST",
        "/v1/billing_portal/sessions",
        {"id": "bps_1", "url": "https://billing.stripe.test/p/1"},
    )
    response = client.post("/payments/portal/")
    assert response["Location"] == "https://billing.stripe.test/p/1"
    (portal,) = stripe_api.calls("POST", "/v1/billing_portal/sessions")
    assert portal["form"]["configuration"] == stored.portal_configuration_id


def test_only_staff_see_payments_in_the_admin(client, member):
    from accounts.tests.factories import StaffFactory

    Payment.objects.create(
        user=member, kind="page", description="Secret purchase", currency="EUR"
    )
    client.force_login(member)
    assert "Secret purchase" not in client.get("/admin/payments/").content.decode()
    client.force_login(StaffFactory())
    response = client.get("/admin/payments/")
    assert response.status_code == 200
    assert "Secret purchase" in response.content.decode()


def test_stripe_api_base_points_the_client_at_a_local_server(
    client, member, stripe_api, settings
):
    settings.STRIPE_API_BASE = "http://127.0.0.1:12111"
    start(client, stripe_api)
    (call,) = stripe_api.calls("POST", "/v1/checkout/sessions")
    assert call["url"].startswith("http://127.0.0.1:12111/v1/")


def test_switching_to_yearly_in_the_portal_shows_the_new_plan(
    client, member, stripe_api
):
    post_webhook(client, "customer.subscription.created", subscription(member))
    post_webhook(
        client,
        "customer.subscription.updated",
        subscription(member, interval="year"),
    )
    assert Subscription.objects.get().plan == "yearly"
    assert "Yearly membership" in client.get("/dashboard/billing/").content.decode()


def test_switching_plan_before_paying_closes_the_first_checkout(
    client, member, stripe_api
):
    """One open membership Checkout per member, whichever plan: the monthly
    page is expired at Stripe before the yearly one opens, so the member
    cannot end up with two subscriptions."""
    start(client, stripe_api)
    monthly = Payment.objects.get(user=member)
    expired = checkout_session(monthly, status="expired", payment_status="unpaid")
    stripe_api.on("POST", "/v1/checkout/sessions/cs_test_1/expire", expired)
    stripe_api.routes.pop(("POST", "/v1/checkout/sessions"))
    stub_checkout(stripe_api, session_id="cs_yearly")

    response = client.post(
        "/payments/checkout/", {"kind": "membership", "plan": "yearly"}
    )

    assert response["Location"].endswith("/cs_yearly")
    assert stripe_api.calls("POST", "/v1/checkout/sessions/cs_test_1/expire")
    monthly.refresh_from_db()
    assert monthly.status == Payment.Status.EXPIRED
    assert Payment.objects.get(status=Payment.Status.PENDING).plan == "yearly"

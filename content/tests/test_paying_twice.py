"""Paying twice for one page: one open Checkout per member and page, an old
Checkout page closed at Stripe before a new one opens, and a second payment
that completes anyway refunded (after the webhook's transaction) and
explained."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from content.tests.factories import ArticlePageFactory
from core.tests.concurrency import needs_row_locks, run_at_once
from payments import errors
from payments.models import Entitlement, Payment
from payments.services.checkout import start_checkout
from payments.tests.factories import pending_purchase
from payments.tests.stripe_fakes import post_webhook, stub_checkout
from payments.tests.stripe_objects import checkout_session, completed_session, refund
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticlePageFactory(access="purchase", price="9.00", currency="EUR")


@pytest.fixture
def buyer():
    return MemberFactory()


def test_the_database_holds_one_open_payment_per_member_and_page(article, buyer):
    pending_purchase(buyer, object_id=article.pk, stripe_checkout_session_id="cs_1")
    with pytest.raises(IntegrityError), transaction.atomic():
        pending_purchase(buyer, object_id=article.pk, stripe_checkout_session_id="cs_2")
    # Another member, or the same member's settled payment, is no conflict.
    pending_purchase(
        MemberFactory(), object_id=article.pk, stripe_checkout_session_id="cs_3"
    )
    pending_purchase(
        buyer,
        object_id=article.pk,
        stripe_checkout_session_id="cs_4",
        status=Payment.Status.EXPIRED,
    )


def test_a_checkout_about_to_expire_is_closed_at_stripe_before_a_new_one(
    article, buyer, stripe_api
):
    stub_checkout(stripe_api, session_id="cs_old")
    start_checkout(user=buyer, kind="page", object_id=article.pk)
    old = Payment.objects.get()
    Payment.objects.filter(pk=old.pk).update(
        checkout_expires_at=timezone.now() + timedelta(minutes=1)
    )
    expired = checkout_session(old, status="expired", payment_status="unpaid")
    stripe_api.routes.clear()
    stripe_api.on("POST", "/v1/checkout/sessions/cs_old/expire", expired)
    stub_checkout(stripe_api, session_id="cs_new")

    url = start_checkout(user=buyer, kind="page", object_id=article.pk)

    assert url.endswith("/cs_new")
    assert stripe_api.calls("POST", "/v1/checkout/sessions/cs_old/expire")
    old.refresh_from_db()
    assert old.status == Payment.Status.EXPIRED
    assert Payment.objects.filter(status=Payment.Status.PENDING).count() == 1


def test_a_checkout_completed_meanwhile_is_not_replaced(article, buyer, stripe_api):
    stub_checkout(stripe_api, session_id="cs_old")
    start_checkout(user=buyer, kind="page", object_id=article.pk)
    old = Payment.objects.get()
    Payment.objects.filter(pk=old.pk).update(
        checkout_expires_at=timezone.now() + timedelta(minutes=1)
    )
    not_expirable = {"error": {"type": "invalid_request_error", "message": "..."}}
    stripe_api.on("POST", "/v1/checkout/sessions/cs_old/expire", not_expirable, 400)
    stripe_api.on("GET", "/v1/checkout/sessions/cs_old", completed_session(old))

    with pytest.raises(errors.PaymentsError) as refused:
        start_checkout(user=buyer, kind="page", object_id=article.pk)

    assert refused.value.message == errors.PAYMENT_IN_PROGRESS
    assert len(stripe_api.calls("POST", "/v1/checkout/sessions")) == 1
    old.refresh_from_db()
    assert old.status == Payment.Status.PENDING  # the webhook settles it


def test_a_second_completed_payment_is_refunded_after_commit_and_explained(
    client, article, buyer, stripe_api, django_capture_on_commit_callbacks
):
    # The member paid on one Checkout page, then on another one they still
    # had open (closed on our side, not yet at Stripe).
    first = pending_purchase(
        buyer, object_id=article.pk, stripe_checkout_session_id="cs_a"
    )
    second = pending_purchase(
        buyer,
        object_id=article.pk,
        stripe_checkout_session_id="cs_b",
        status=Payment.Status.EXPIRED,
    )
    post_webhook(client, "checkout.session.completed", completed_session(first))
    stripe_api.on("POST", "/v1/refunds", refund(intent="pi_b", amount=900))

    with django_capture_on_commit_callbacks() as callbacks:
        response = post_webhook(
            client,
            "checkout.session.completed",
            completed_session(second, intent="pi_b"),
        )
        # Not while the webhook's transaction is open.
        assert not stripe_api.calls("POST", "/v1/refunds")
    assert response.status_code == 200
    for callback in callbacks:
        callback()

    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    assert asked["form"]["payment_intent"] == "pi_b"
    assert asked["form"]["metadata[reason]"] == "duplicate"
    assert Entitlement.objects.filter(user=buyer, object_id=article.pk).count() == 1
    (email,) = [m for m in mail.outbox if "Refunded:" in m.subject]
    assert email.to == [buyer.email]
    assert "you had already paid for it" in email.body


@pytest.mark.django_db(transaction=True)
def test_two_tabs_paying_at_once_get_one_checkout(stripe_api):
    needs_row_locks()
    article = ArticlePageFactory(access="purchase", price="9.00", currency="EUR")
    buyer = MemberFactory()
    stub_checkout(stripe_api, session_id="cs_tabs")

    urls = run_at_once(
        lambda: start_checkout(user=buyer, kind="page", object_id=article.pk),
        times=4,
    )

    assert urls == [urls[0]] * 4
    payment = Payment.objects.get()
    assert payment.stripe_checkout_session_id == "cs_tabs"
    # Every call Stripe saw for it carried the payment's idempotency key, so
    # Stripe made one Checkout Session however many tabs asked.
    keys = {
        call["headers"]["Idempotency-Key"]
        for call in stripe_api.calls("POST", "/v1/checkout/sessions")
    }
    assert keys == {f"checkout-{payment.pk}"}

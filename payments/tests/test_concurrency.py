"""Stripe may deliver the same event to several server processes at once,
and report one refund through two events at once: exactly one applies it,
the others answer 200 and change nothing.

PostgreSQL only: SQLite serialises every writer, which would prove nothing.
"""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from accounts.tests.factories import UserFactory
from core.tests.concurrency import needs_row_locks
from payments.models import Entitlement, Payment, Refund, StripeEvent, Subscription
from payments.tests import stripe_objects as objects
from payments.tests.factories import pending_purchase
from payments.tests.stripe_fakes import sign

DELIVERIES = 6


def deliver_at_once(bodies: list[str]) -> list[int]:
    """POST each body from its own thread (its own connection), together."""
    barrier = threading.Barrier(len(bodies))
    statuses: list[int] = []
    lock = threading.Lock()

    def deliver(body):
        try:
            barrier.wait(timeout=30)
            response = Client().post(
                "/payments/webhook/",
                body,
                content_type="application/json",
                headers={"stripe-signature": sign(body)},
            )
            with lock:
                statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.fixture
def postgresql():
    needs_row_locks()


@pytest.mark.django_db(transaction=True)
def test_the_same_event_delivered_at_once_is_applied_once(postgresql, stripe_api):
    member = UserFactory()
    subscription = objects.subscription(member, subscription_id="sub_race")
    body = json.dumps(
        objects.event(
            "customer.subscription.created", subscription, event_id="evt_race"
        )
    )
    assert deliver_at_once([body] * DELIVERIES) == [200] * DELIVERIES
    assert StripeEvent.objects.filter(event_id="evt_race").count() == 1
    assert Subscription.objects.count() == 1
    assert Entitlement.objects.filter(user=member).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_refund_reported_by_several_events_at_once_is_one_row(
    postgresql, stripe_api
):
    payment = pending_purchase(
        UserFactory(), status=Payment.Status.PAID, stripe_payment_intent_id="pi_test"
    )
    refund = objects.refund(refund_id="re_race", amount=900)
    bodies = [
        json.dumps(objects.event(event_type, refund))
        for event_type in ("refund.created", "refund.updated", "charge.refund.updated")
    ]
    assert deliver_at_once(bodies * 2) == [200] * 6
    assert Refund.objects.get().payment == payment
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED

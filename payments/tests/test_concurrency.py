"""Stripe may deliver the same event to several server processes at once:
exactly one applies it, the others answer 200 and change nothing.

PostgreSQL only: SQLite serialises every writer, which would prove nothing.
"""

import json
import threading
import time

import pytest
from django.db import connection
from django.test import Client

from accounts.tests.factories import UserFactory
from payments.models import Entitlement, StripeEvent, Subscription
from payments.tests.stripe_fakes import event, sign

DELIVERIES = 6


@pytest.mark.django_db(transaction=True)
def test_the_same_event_delivered_at_once_is_applied_once(stripe_api):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    member = UserFactory()
    subscription = {
        "id": "sub_race",
        "object": "subscription",
        "customer": "cus_race",
        "status": "active",
        "cancel_at_period_end": False,
        "metadata": {"user_id": str(member.pk), "plan": "monthly"},
        "items": {
            "object": "list",
            "data": [{"id": "si_1", "current_period_end": int(time.time()) + 86400}],
        },
    }
    payload = json.dumps(
        event("customer.subscription.created", subscription, event_id="evt_race")
    )
    header = sign(payload)
    barrier = threading.Barrier(DELIVERIES)
    statuses: list[int] = []
    lock = threading.Lock()

    def deliver():
        try:
            barrier.wait(timeout=30)
            response = Client().post(
                "/payments/webhook/",
                payload,
                content_type="application/json",
                headers={"stripe-signature": header},
            )
            with lock:
                statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(DELIVERIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [200] * DELIVERIES
    assert StripeEvent.objects.filter(event_id="evt_race").count() == 1
    assert Subscription.objects.count() == 1
    assert Entitlement.objects.filter(user=member).count() == 1

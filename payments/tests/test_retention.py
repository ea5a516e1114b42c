"""Stored Stripe webhook events are pruned after the retention period."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from payments.models import StripeEvent
from payments.tests.stripe_fakes import event

pytestmark = pytest.mark.django_db
NOW = datetime(2031, 6, 1, 12, 0, tzinfo=UTC)


def received(days_ago: int, event_type: str = "invoice.paid") -> StripeEvent:
    data = event(event_type, {"id": "in_1", "object": "invoice"})
    when = NOW - timedelta(days=days_ago)
    with time_machine.travel(when, tick=False):
        return StripeEvent.objects.create(
            event_id=data["id"],
            type=data["type"],
            created=when,
            payload=data,
            processed_at=when,
        )


def test_events_older_than_the_retention_period_are_deleted(settings):
    old = received(days_ago=91)
    kept = received(days_ago=89)
    with time_machine.travel(NOW, tick=False):
        call_command("run_periodic", "--job", "prune old Stripe events")
        call_command("run_periodic", "--job", "prune old Stripe events")
    assert list(StripeEvent.objects.values_list("event_id", flat=True)) == [
        kept.event_id
    ]
    assert not StripeEvent.objects.filter(pk=old.pk).exists()


def test_the_retention_period_is_a_setting(settings):
    received(days_ago=40)
    settings.STRIPE_EVENT_RETENTION_DAYS = 30
    with time_machine.travel(NOW, tick=False):
        call_command("run_periodic", "--job", "prune old Stripe events")
    assert not StripeEvent.objects.exists()

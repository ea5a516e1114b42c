"""Races around a 1:1's end, from separate connections as separate machines
would: the payment webhook confirming a 1:1 while its mentorship is being
cancelled refunds the mentee exactly once, whichever goes first; two sweeps
of lapsed 1:1s at once cancel (and email about) each one once.

PostgreSQL only: SQLite serialises every writer, which would prove nothing."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from core.tests.concurrency import ensure_site_tree, needs_row_locks, run_at_once
from mentorship import purchases, services
from mentorship.lifecycle import cancel_lapsed_one_to_ones
from mentorship.models import Mentorship, OneToOne
from mentorship.one_to_ones import confirm_paid_one_to_one, lock_mentorship
from mentorship.services import cancel_mentorship
from mentorship.tests.factories import MentorshipFactory
from mentorship.tests.lifecycle_support import paid_mentorship
from mentorship.tests.test_one_to_ones import confirmed, open_checkout, propose
from payments.models import Entitlement
from payments.tests.stripe_fakes import post_webhook
from payments.tests.stripe_objects import completed_session, refund

pytestmark = pytest.mark.django_db(transaction=True)
Status = OneToOne.Status


@pytest.fixture
def postgresql():
    needs_row_locks()


def _late(func):
    """`func`, started a moment later: the other side takes the locks first."""

    def later(*args, **kwargs):
        time.sleep(0.5)
        return func(*args, **kwargs)

    return later


@pytest.mark.parametrize(
    ("first", "reason"),
    [("webhook", "mentorship_ended"), ("cancel", "unavailable")],
)
def test_paying_while_the_mentorship_is_cancelled_is_refunded_once(
    postgresql, client, stripe_api, monkeypatch, first, reason
):
    if first == "webhook":
        monkeypatch.setattr(services, "lock_mentorship", _late(lock_mentorship))
    else:
        # The webhook holds the payment's row; the 1:1's rows are still free.
        monkeypatch.setattr(
            purchases, "confirm_paid_one_to_one", _late(confirm_paid_one_to_one)
        )
    ensure_site_tree()
    mentorship = paid_mentorship()
    one_to_one = confirmed(mentorship)  # awaiting payment
    payment = open_checkout(client, one_to_one, stripe_api)
    session_path = f"/v1/checkout/sessions/{payment.stripe_checkout_session_id}"
    # The mentee did pay: Stripe refuses to expire the page, and says so.
    stripe_api.on(
        "POST",
        f"{session_path}/expire",
        {
            "error": {
                "message": "Only open sessions can be expired.",
                "type": "invalid_request_error",
            }
        },
        status=400,
    )
    stripe_api.on("GET", session_path, completed_session(payment))
    stripe_api.on("POST", "/v1/refunds", refund(amount=6000))
    stripe_api.requests.clear()
    actions = iter(
        [
            lambda: (
                post_webhook(
                    Client(), "checkout.session.completed", completed_session(payment)
                ).status_code
            ),
            lambda: (
                cancel_mentorship(mentorship=mentorship, user=mentorship.mentor).status
            ),
        ]
    )

    outcomes = run_at_once(lambda: next(actions)())

    assert sorted(map(str, outcomes)) == ["200", Mentorship.Status.CANCELLED]
    one_to_one.refresh_from_db()
    assert one_to_one.status == Status.CANCELLED
    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    assert asked["form"]["metadata[payment_id]"] == str(payment.pk)
    # Webhook first: confirmed, then refunded as the mentorship ended;
    # cancel first: a payment for a 1:1 that is gone.
    assert asked["form"]["metadata[reason]"] == reason
    assert not Entitlement.objects.filter(
        object_id=one_to_one.pk, revoked_at__isnull=True
    ).exists()


def test_two_sweeps_at_once_cancel_each_lapsed_one_once(postgresql):
    mentorships = MentorshipFactory.create_batch(2, status=Mentorship.Status.ACTIVE)
    for mentorship in mentorships:
        for days in (1, 2):
            propose(mentorship, starts_in=timedelta(days=days))
    # Their start has come, nobody answered.
    OneToOne.objects.update(
        starts_at=timezone.now() - timedelta(minutes=1),
        ends_at=timezone.now() + timedelta(minutes=59),
    )
    mail.outbox.clear()

    done = run_at_once(cancel_lapsed_one_to_ones, times=3)

    assert sum(done) == 4
    assert set(OneToOne.objects.values_list("status", flat=True)) == {Status.CANCELLED}
    assert len(mail.outbox) == 8  # both people of each, once

"""Paying for a session seat: the held seat is confirmed by the webhook, a
payment that arrives after the seat went to someone else is refunded (never
overbooked), and a refund gives the seat to the waitlist."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from payments import errors as payment_errors
from payments.models import Entitlement, Payment
from payments.tests.stripe_fakes import deliver_refund, post_webhook, stub_checkout
from payments.tests.stripe_objects import completed_session, refund
from sessions.models import Booking
from sessions.services import book_session
from sessions.tests.factories import MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return SessionPageFactory(price=Decimal("25.00"), max_participants=1)


def pay(client, booking):
    return client.post(
        "/payments/checkout/",
        {"kind": "session_seat", "object_id": booking.pk, "next": "/dashboard/"},
    )


def held_booking(client, session):
    member = MemberFactory()
    booking = book_session(session=session, member=member)
    assert booking.status == Booking.Status.PENDING
    client.force_login(member)
    return booking


def test_session_page_offers_checkout_for_a_held_seat(client, session, stripe_api):
    held_booking(client, session)
    html = client.get(session.url).content.decode()
    assert 'name="kind" value="session_seat"' in html
    assert "Pay to confirm" in html


def test_webhook_confirms_the_held_seat(client, session, stripe_api):
    booking = held_booking(client, session)
    stub_checkout(stripe_api)
    pay(client, booking)
    (call,) = stripe_api.calls("POST", "/v1/checkout/sessions")
    assert call["form"]["line_items[0][price_data][unit_amount]"] == "2500"
    payment = Payment.objects.get()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING

    post_webhook(client, "checkout.session.completed", completed_session(payment))
    post_webhook(client, "checkout.session.completed", completed_session(payment))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert Entitlement.objects.filter(object_id=booking.pk).count() == 1


def test_someone_elses_booking_cannot_be_paid(client, session, stripe_api):
    booking = held_booking(client, session)
    client.force_login(MemberFactory())
    pay(client, booking)
    assert not Payment.objects.exists()
    assert not stripe_api.requests


def test_lapsed_hold_cannot_start_a_checkout(client, session, stripe_api):
    booking = held_booking(client, session)
    Booking.objects.filter(pk=booking.pk).update(
        hold_expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = pay(client, booking)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert str(payment_errors.HOLD_EXPIRED) in messages
    assert not Payment.objects.exists()


def test_payment_after_the_seat_went_to_someone_else_is_refunded(
    client, session, stripe_api, django_capture_on_commit_callbacks
):
    booking = held_booking(client, session)
    stub_checkout(stripe_api)
    pay(client, booking)
    payment = Payment.objects.get()
    # The hold lapses while the member is on Stripe's page; another member
    # takes the only seat.
    later = timezone.now() + timedelta(hours=2)
    with time_machine.travel(later, tick=False):
        rival = book_session(session=session, member=MemberFactory())
        assert rival.status == Booking.Status.PENDING
        stripe_api.on("POST", "/v1/refunds", refund(amount=2500, status="pending"))
        with django_capture_on_commit_callbacks() as callbacks:
            post_webhook(
                client, "checkout.session.completed", completed_session(payment)
            )
        # Stripe is not called while the session's row is locked: the
        # refund is a task, queued once the webhook's transaction commits.
        assert not stripe_api.calls("POST", "/v1/refunds")
        for callback in callbacks:
            callback()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    assert asked["form"]["payment_intent"] == "pi_test"
    assert asked["headers"]["Idempotency-Key"] == f"refund-{payment.pk}"
    seated = Booking.objects.filter(session=session, status__in=Booking.SEATED)
    assert seated.count() == 1  # never overbooked


def test_late_payment_still_gets_a_free_seat(client, session, stripe_api):
    booking = held_booking(client, session)
    stub_checkout(stripe_api)
    pay(client, booking)
    payment = Payment.objects.get()
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        post_webhook(client, "checkout.session.completed", completed_session(payment))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert not stripe_api.calls("POST", "/v1/refunds")


def test_refund_gives_the_seat_to_the_waitlist(client, session, stripe_api):
    booking = held_booking(client, session)
    stub_checkout(stripe_api)
    pay(client, booking)
    payment = Payment.objects.get()
    post_webhook(client, "checkout.session.completed", completed_session(payment))
    waiting = book_session(session=session, member=MemberFactory())
    assert waiting.status == Booking.Status.WAITLISTED

    deliver_refund(client, amount=2500)
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert waiting.status == Booking.Status.PENDING  # offered, to pay


def test_host_cancelling_refunds_every_paid_seat(
    client, session, stripe_api, django_capture_on_commit_callbacks
):
    from sessions.services.hosting import cancel_session

    booking = held_booking(client, session)
    stub_checkout(stripe_api)
    pay(client, booking)
    payment = Payment.objects.get()
    post_webhook(client, "checkout.session.completed", completed_session(payment))
    stripe_api.on("POST", "/v1/refunds", refund(amount=2500, status="pending"))
    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session=session, by=session.host)
    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    assert asked["form"]["metadata[reason]"] == "session_cancelled"
    deliver_refund(client, amount=2500)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert not Entitlement.objects.filter(revoked_at__isnull=True).exists()

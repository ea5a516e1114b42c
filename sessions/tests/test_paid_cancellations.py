"""Cancelling around a payment: a payment that arrives for a booking (or a
session) cancelled meanwhile is refunded and explained, never a webhook
error; cancelling closes the booking's open Checkout page; and the refund
policy (full refund until `seat_refund_hours` before the start, none after;
the host's cancellation always refunds) is shown, applied and emailed."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from payments.models import Entitlement, Payment, PaymentSettings
from payments.tests.stripe_fakes import post_webhook, stub_checkout
from payments.tests.stripe_objects import checkout_session, completed_session, refund
from sessions.models import Booking
from sessions.services import book_session
from sessions.services.hosting import cancel_session
from sessions.tests.factories import MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    # Five days ahead: inside the 48-hour default deadline only later.
    return SessionPageFactory(
        price=Decimal("25.00"),
        max_participants=3,
        starts_at=timezone.now() + timedelta(days=5),
        ends_at=timezone.now() + timedelta(days=5, hours=2),
    )


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run `action`; return the Stripe calls it made inside its transaction,
    then run what it queued for after commit (tasks, emails)."""

    def run(stripe_api, action):
        with django_capture_on_commit_callbacks() as callbacks:
            result = action()
        inside = list(stripe_api.requests)
        for callback in callbacks:
            callback()
        return result, inside

    return run


def open_checkout(client, session, stripe_api):
    """A member holds a seat and opens Checkout for it."""
    member = MemberFactory()
    booking = book_session(session=session, member=member)
    client.force_login(member)
    stub_checkout(stripe_api, session_id=f"cs_{booking.pk}")
    client.post(
        "/payments/checkout/", {"kind": "session_seat", "object_id": booking.pk}
    )
    return booking, Payment.objects.get(object_id=booking.pk)


def paid_seat(client, session, stripe_api):
    booking, payment = open_checkout(client, session, stripe_api)
    post_webhook(client, "checkout.session.completed", completed_session(payment))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    return booking, payment


def expect_expire(stripe_api, payment):
    path = f"/v1/checkout/sessions/{payment.stripe_checkout_session_id}/expire"
    expired = checkout_session(payment, status="expired", payment_status="unpaid")
    stripe_api.on("POST", path, expired)
    return path


# --- Cancel, then pay ---------------------------------------------------------


def test_cancelling_a_held_seat_closes_its_checkout_after_commit(
    client, session, stripe_api, run_on_commit
):
    booking, payment = open_checkout(client, session, stripe_api)
    path = expect_expire(stripe_api, payment)
    stripe_api.requests.clear()

    response, inside = run_on_commit(
        stripe_api, lambda: client.post(f"/bookings/{booking.pk}/cancel/")
    )

    assert response.status_code == 302
    assert not inside  # not while the booking was locked
    assert stripe_api.calls("POST", path)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED


def test_paying_after_cancelling_the_held_seat_is_refunded_not_an_error(
    client, session, stripe_api, run_on_commit
):
    booking, payment = open_checkout(client, session, stripe_api)
    client.post(f"/bookings/{booking.pk}/cancel/")
    # Stripe could not close the page in time: the member paid on it.
    stripe_api.on("POST", "/v1/refunds", refund(amount=2500))
    mail.outbox.clear()

    response, inside = run_on_commit(
        stripe_api,
        lambda: post_webhook(
            client, "checkout.session.completed", completed_session(payment)
        ),
    )

    assert response.status_code == 200  # Stripe does not retry for days
    assert not [r for r in inside if r["path"] == "/v1/refunds"]
    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    assert asked["form"]["metadata[reason]"] == "unavailable"
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert not Entitlement.objects.filter(object_id=booking.pk).exists()
    (email,) = [m for m in mail.outbox if "Refunded:" in m.subject]
    assert "no longer available" in email.body


def test_paying_after_the_host_cancelled_is_refunded(
    client, session, stripe_api, run_on_commit
):
    booking, payment = open_checkout(client, session, stripe_api)
    path = expect_expire(stripe_api, payment)
    _, inside = run_on_commit(stripe_api, lambda: cancel_session(session=session))
    assert not [r for r in inside if r["path"] == path]
    assert stripe_api.calls("POST", path)  # its Checkout page was closed

    stripe_api.on("POST", "/v1/refunds", refund(amount=2500))
    response, _ = run_on_commit(
        stripe_api,
        lambda: post_webhook(
            client, "checkout.session.completed", completed_session(payment)
        ),
    )
    assert response.status_code == 200
    assert stripe_api.calls("POST", "/v1/refunds")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


# --- The refund policy ----------------------------------------------------------


def test_the_session_page_states_the_refund_deadline(client, session, stripe_api):
    visitor = client.get(session.url).content.decode()
    assert "for a full refund; no refund after that" in visitor
    client.force_login(MemberFactory())
    html = client.get(session.url).content.decode()
    assert "for a full refund; no refund after that" in html
    assert "Cancelled by the host: always refunded in full" in html
    with time_machine.travel(session.starts_at - timedelta(hours=1), tick=False):
        late = client.get(session.url).content.decode()
    assert "a seat cancelled now is not refunded" in late


def test_cancelling_in_time_shows_then_gives_a_full_refund(
    client, session, stripe_api, run_on_commit
):
    booking, payment = paid_seat(client, session, stripe_api)
    page = client.get(f"/bookings/{booking.pk}/cancel/").content.decode()
    assert "You get a full refund of 25.00 EUR" in page
    assert not Booking.objects.filter(
        pk=booking.pk, status=Booking.Status.CANCELLED
    ).exists()  # asking changes nothing

    stripe_api.on("POST", "/v1/refunds", refund(amount=2500))
    mail.outbox.clear()
    response, inside = run_on_commit(
        stripe_api, lambda: client.post(f"/bookings/{booking.pk}/cancel/")
    )

    assert not [r for r in inside if r["path"] == "/v1/refunds"]
    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    assert asked["form"]["payment_intent"] == "pi_test"
    assert asked["form"]["metadata[reason]"] == "member_cancelled"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("25.00 EUR is being refunded" in m for m in messages)
    (email,) = [m for m in mail.outbox if "cancelled" in m.subject.lower()]
    assert "being refunded in full" in email.body
    assert not Entitlement.objects.filter(
        object_id=booking.pk, revoked_at__isnull=True
    ).exists()


def test_cancelling_after_the_deadline_shows_and_gives_no_refund(
    client, session, stripe_api, run_on_commit
):
    booking, payment = paid_seat(client, session, stripe_api)
    with time_machine.travel(session.starts_at - timedelta(hours=24), tick=False):
        page = client.get(f"/bookings/{booking.pk}/cancel/").content.decode()
        assert "No refund." in page
        mail.outbox.clear()
        run_on_commit(
            stripe_api, lambda: client.post(f"/bookings/{booking.pk}/cancel/")
        )

    assert not stripe_api.calls("POST", "/v1/refunds")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    (email,) = [m for m in mail.outbox if "cancelled" in m.subject.lower()]
    assert "is not refunded" in email.body
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def test_the_deadline_follows_the_setting(client, session, stripe_api, run_on_commit):
    settings = PaymentSettings.load()
    settings.seat_refund_hours = 12
    settings.save()
    booking, _ = paid_seat(client, session, stripe_api)
    stripe_api.on("POST", "/v1/refunds", refund(amount=2500))
    with time_machine.travel(session.starts_at - timedelta(hours=24), tick=False):
        assert (
            "full refund"
            in client.get(f"/bookings/{booking.pk}/cancel/").content.decode()
        )
        run_on_commit(
            stripe_api, lambda: client.post(f"/bookings/{booking.pk}/cancel/")
        )
    assert stripe_api.calls("POST", "/v1/refunds")


def test_the_host_cancelling_refunds_even_a_seat_cancelled_too_late(
    client, session, stripe_api, run_on_commit
):
    booking, payment = paid_seat(client, session, stripe_api)
    with time_machine.travel(session.starts_at - timedelta(hours=24), tick=False):
        run_on_commit(
            stripe_api, lambda: client.post(f"/bookings/{booking.pk}/cancel/")
        )
        assert not stripe_api.calls("POST", "/v1/refunds")
        stripe_api.on("POST", "/v1/refunds", refund(amount=2500))
        run_on_commit(stripe_api, lambda: cancel_session(session=session))
    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    assert asked["form"]["metadata[reason]"] == "session_cancelled"


def test_a_seat_rebooked_after_a_late_cancellation_is_honoured(
    client, session, stripe_api, run_on_commit
):
    """The late cancellation kept the first payment (no refund) but ended
    its access, so paying again for the new booking is not a duplicate."""
    booking, first = paid_seat(client, session, stripe_api)
    with time_machine.travel(session.starts_at - timedelta(hours=24), tick=False):
        run_on_commit(
            stripe_api, lambda: client.post(f"/bookings/{booking.pk}/cancel/")
        )
        again = book_session(session=session, member=booking.member)
        assert again.pk == booking.pk
        stripe_api.routes.clear()
        stub_checkout(stripe_api, session_id="cs_again")
        client.post(
            "/payments/checkout/", {"kind": "session_seat", "object_id": again.pk}
        )
        second = Payment.objects.get(stripe_checkout_session_id="cs_again")
        run_on_commit(
            stripe_api,
            lambda: post_webhook(
                client,
                "checkout.session.completed",
                completed_session(second, intent="pi_again"),
            ),
        )
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert not stripe_api.calls("POST", "/v1/refunds")

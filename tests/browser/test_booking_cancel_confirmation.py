"""Cancelling a booking asks first: the confirmation states what a paid
seat gets back, confirming cancels it, and keeping it or going back
cancels nothing."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from payments.models import Kind, Payment
from payments.tests.stripe_objects import refund
from sessions.models import Booking
from sessions.tests.factories import BookingFactory, MemberFactory, SessionPageFactory

from .conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, member, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=re.compile("Sign In", re.I)).click()


def test_a_free_booking_is_kept_when_the_member_changes_their_mind(page, live_server):
    session = SessionPageFactory(title="Pivot tables in practice", max_participants=4)
    member = MemberFactory(email="lin@example.com")
    log_in(page, live_server, member, session.url)

    panel = page.locator(".booking-panel")
    panel.get_by_role("button", name="Book a seat").click()
    expect(panel).to_contain_text("You have a seat")

    # Cancel, then "Keep my booking": back on the page, still booked.
    panel.get_by_role("link", name="Cancel my booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your booking")
    page.get_by_role("link", name="Keep my booking").click()
    expect(page).to_have_url(re.compile(re.escape(session.url) + "$"))
    expect(panel).to_contain_text("You have a seat")

    # Cancel, then the browser's Back button: nothing changes either.
    panel.get_by_role("link", name="Cancel my booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your booking")
    page.go_back()
    expect(panel).to_contain_text("You have a seat")
    assert Booking.objects.get(member=member).status == Booking.Status.CONFIRMED

    # Cancel and confirm: now it is cancelled.
    panel.get_by_role("link", name="Cancel my booking").click()
    page.get_by_role("button", name="Cancel my booking").click()
    expect(page.locator(".messages")).to_contain_text("is cancelled")
    expect(panel).to_contain_text("4 of 4 seats left")
    assert Booking.objects.get(member=member).status == Booking.Status.CANCELLED


def test_a_paid_seat_states_its_refund_before_cancelling(
    page, live_server, axe_violations, stripe_api
):
    session = SessionPageFactory(title="Negotiating offers", price=Decimal("40.00"))
    member = MemberFactory(email="kai@example.com", time_zone="Europe/London")
    booking = BookingFactory(session=session, member=member)
    Payment.objects.create(
        user=member,
        kind=Kind.SESSION_SEAT,
        object_id=booking.pk,
        description="Seat: Negotiating offers",
        amount=Decimal("40.00"),
        currency="EUR",
        status=Payment.Status.PAID,
        stripe_payment_intent_id="pi_confirm",
    )
    stripe_api.on("POST", "/v1/refunds", refund(intent="pi_confirm", amount=4000))
    log_in(page, live_server, member, session.url)
    panel = page.locator(".booking-panel")

    # Asked first, with the refund stated; keeping it refunds nothing.
    panel.get_by_role("link", name="Cancel my booking").click()
    main = page.locator("main")
    expect(main).to_contain_text("You get a full refund of 40.00 EUR")
    expect(main).to_contain_text("Refund deadline:")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_role("link", name="Keep my booking").click()
    expect(panel).to_contain_text("You have a seat")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert stripe_api.calls("POST", "/v1/refunds") == []

    # Confirmed: the seat is cancelled and the refund is under way.
    panel.get_by_role("link", name="Cancel my booking").click()
    page.get_by_role("button", name="Cancel my booking").click()
    expect(page.locator(".messages")).to_contain_text("40.00 EUR is being refunded")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    assert asked["form"]["payment_intent"] == "pi_confirm"

"""A member finds a session through discovery, books it, finds it on the
dashboard and cancels it; a paid seat's refund is stated before they do."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from payments.models import Kind, Payment
from payments.tests.stripe_objects import refund
from sessions.models import Booking
from sessions.tests.factories import (
    BookingFactory,
    MemberFactory,
    SessionPageFactory,
)
from tests.browser.conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_books_sees_it_on_the_dashboard_and_cancels(
    page, live_server, axe_violations
):
    session = SessionPageFactory(title="Pivot tables in practice", max_participants=4)
    SessionPageFactory(title="Budget forecasting", price=30)
    member = MemberFactory(email="lin@example.com", time_zone="Europe/London")

    page.goto(f"{live_server.url}/accounts/login/?next=/sessions/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page).to_have_url(re.compile(r"/sessions/$"))

    # Browse, then filter to free sessions: the paid one drops out.
    results = page.locator(".discovery__results")
    expect(results).to_contain_text("Budget forecasting")
    page.get_by_label("Price").select_option("free")
    page.get_by_role("button", name="Show sessions").click()
    expect(page).to_have_url(re.compile(r"price=free"))
    expect(results).not_to_contain_text("Budget forecasting")
    results.get_by_role("link", name="Pivot tables in practice").click()
    expect(page).to_have_url(re.compile(re.escape(session.url) + "$"))

    panel = page.locator(".booking-panel")
    expect(panel).to_contain_text("4 of 4 seats left")
    panel.get_by_role("button", name="Book a seat").click()
    expect(page.locator(".messages")).to_contain_text("You're booked")
    expect(panel).to_contain_text("You have a seat")
    expect(panel).to_contain_text("3 of 4 seats left")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    page.goto(f"{live_server.url}/dashboard/")
    bookings = page.locator(".dashboard__card--bookings")
    item = page.locator(".bookings-list__item", has_text="Pivot tables in practice")
    expect(item).to_contain_text("Confirmed")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    item.get_by_role("link", name=re.compile("Cancel booking")).click()
    # Asked first: nothing is cancelled until the member confirms.
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your booking")
    expect(page.locator("main")).to_contain_text("Pivot tables in practice")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert Booking.objects.get(member=member).status == Booking.Status.CONFIRMED
    page.get_by_role("button", name="Cancel my booking").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator(".messages")).to_contain_text("is cancelled")
    expect(bookings).not_to_contain_text("Pivot tables in practice")
    assert Booking.objects.get(member=member).status == Booking.Status.CANCELLED


def test_a_member_reads_the_refund_before_cancelling_a_paid_seat(
    page, live_server, axe_violations, stripe_api
):
    """The refund policy, as the member meets it: on the session page, then
    on the cancel page with their amount, then in the confirmation."""
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
        stripe_payment_intent_id="pi_browser",
    )
    stripe_api.on("POST", "/v1/refunds", refund(intent="pi_browser", amount=4000))

    page.goto(f"{live_server.url}/accounts/login/?next={session.url}")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=re.compile("Sign In", re.I)).click()
    panel = page.locator(".booking-panel")
    expect(panel).to_contain_text("for a full refund; no refund after that")

    panel.get_by_role("link", name="Cancel my booking").click()
    expect(page.locator("main")).to_contain_text("You get a full refund of 40.00 EUR")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_role("button", name="Cancel my booking").click()

    expect(page.locator(".messages")).to_contain_text("40.00 EUR is being refunded")
    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    assert asked["form"]["payment_intent"] == "pi_browser"

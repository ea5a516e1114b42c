"""Before Stripe is set up, a paid session takes no bookings: no seat is
held for a payment nobody can make, and the page says why (staff also read
which settings are missing)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.tests.factories import StaffFactory
from sessions.models import Booking
from sessions.tests.factories import MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db
OFF = "Payments are not available yet"


@pytest.fixture
def payments_off(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


@pytest.fixture
def paid():
    return SessionPageFactory(price=Decimal("25.00"), max_participants=1)


def book(client, session):
    url = reverse("booking_create", kwargs={"session_id": session.pk})
    return client.post(url, follow=True)


def test_booking_a_paid_session_is_refused_before_a_seat_is_held(
    client, paid, payments_off
):
    client.force_login(MemberFactory())
    response = book(client, paid)
    assert not Booking.objects.exists()
    assert [str(m) for m in response.context["messages"]] == [f"{OFF}."]
    html = response.content.decode()
    assert OFF in html
    assert "Book and pay" not in html
    assert "STRIPE_SECRET_KEY" not in html


def test_the_api_refuses_it_too(client, paid, payments_off):
    client.force_login(MemberFactory())
    response = client.post(
        "/api/v1/bookings/", {"session_id": paid.pk}, content_type="application/json"
    )
    assert response.status_code == 409  # the API's answer to a refused booking
    assert response.json() == {"error": f"{OFF}."}
    assert not Booking.objects.exists()


def test_visitors_read_it_before_being_asked_to_log_in(client, paid, payments_off):
    html = client.get(paid.url).content.decode()
    assert OFF in html
    assert "Log in to book" not in html


def test_staff_also_read_which_settings_are_missing(client, paid, settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = "whsec_set"
    client.force_login(StaffFactory())
    html = client.get(paid.url).content.decode()
    assert OFF in html
    assert "<code>STRIPE_SECRET_KEY</code>" in html
    assert "STRIPE_WEBHOOK_SECRET" not in html


def test_free_sessions_are_booked_as_before(client, payments_off):
    free = SessionPageFactory()
    client.force_login(MemberFactory())
    book(client, free)
    assert Booking.objects.get().status == Booking.Status.CONFIRMED


def test_once_payments_are_on_the_seat_is_held_for_payment(client, paid, payments_on):
    client.force_login(MemberFactory())
    assert "Book and pay" in client.get(paid.url).content.decode()
    book(client, paid)
    assert Booking.objects.get().status == Booking.Status.PENDING

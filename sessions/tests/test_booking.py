"""Booking a session: who may, what they get, and the views around it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from sessions import errors
from sessions.errors import SessionsError
from sessions.models import Booking, SessionPage
from sessions.services.booking import book_session, cancel_booking
from sessions.tests.booking_support import DEFERRING_BACKEND, DeferringImmediateBackend
from sessions.tests.factories import BookingFactory, MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db
Status = Booking.Status


@pytest.fixture(autouse=True)
def _tasks(settings):
    settings.TASKS = {"default": {"BACKEND": DEFERRING_BACKEND}}
    DeferringImmediateBackend.deferred.clear()


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def book(django_capture_on_commit_callbacks):
    def do(session, member):
        with django_capture_on_commit_callbacks(execute=True):
            return book_session(session=session, member=member)

    return do


def test_free_session_with_a_seat_confirms_and_emails_an_ics(book):
    session = SessionPageFactory(title="Intro to SQL")
    member = MemberFactory()
    booking = book(session, member)
    assert booking.status == Status.CONFIRMED
    assert booking.confirmed_at is not None
    [message] = mail.outbox
    assert message.to == [member.email]
    assert "Booking confirmed: Intro to SQL" in message.subject
    assert "calendar.google.com" in message.body
    assert "outlook.live.com" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename == "session.ics"
    assert mimetype == "text/calendar"
    assert "SUMMARY:Intro to SQL" in content
    # The confirmed member may have the meeting link.
    assert "secret-room-42" in content


def test_full_session_waitlists_with_a_remove_me_link(book):
    session = SessionPageFactory(max_participants=1)
    book(session, MemberFactory())
    member = MemberFactory()
    booking = book(session, member)
    assert booking.status == Status.WAITLISTED
    assert booking.waitlisted_at is not None
    message = mail.outbox[-1]
    assert "waitlist" in message.subject
    assert "/bookings/waitlist/leave/" in message.body
    assert "secret-room-42" not in message.body


def test_paid_session_holds_the_seat_for_payment(book, settings, payments_on):
    settings.SESSION_PAYMENT_HOLD_MINUTES = 30
    session = SessionPageFactory(price=Decimal("25.00"))
    booking = book(session, MemberFactory())
    assert booking.status == Status.PENDING
    expected = timezone.now() + timedelta(minutes=30)
    assert abs(booking.hold_expires_at - expected) < timedelta(seconds=5)
    # Nothing is confirmed (or emailed) until the payment arrives.
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": SessionPage.Status.CANCELLED}, errors.SESSION_CANCELLED),
        ({"starts_in": timedelta(hours=-1)}, errors.SESSION_STARTED),
        ({"live": False}, errors.SESSION_UNKNOWN),
    ],
)
def test_unbookable_sessions_are_refused(book, changes, message):
    starts_in = changes.pop("starts_in", None)
    if starts_in is not None:
        changes["starts_at"] = timezone.now() + starts_in
        changes["ends_at"] = changes["starts_at"] + timedelta(hours=2)
    session = SessionPageFactory(**changes)
    with pytest.raises(SessionsError) as caught:
        book(session, MemberFactory())
    assert caught.value.message == message
    assert not Booking.objects.exists()
    assert mail.outbox == []


def test_host_cannot_book_their_own_session(book):
    session = SessionPageFactory()
    with pytest.raises(SessionsError) as caught:
        book(session, session.host)
    assert caught.value.message == errors.OWN_SESSION


def test_unverified_member_cannot_book(book):
    with pytest.raises(SessionsError) as caught:
        book(SessionPageFactory(), MemberFactory(verified=False))
    assert caught.value.message == errors.EMAIL_NOT_VERIFIED


def test_booking_twice_is_refused(book):
    session = SessionPageFactory()
    member = MemberFactory()
    book(session, member)
    with pytest.raises(SessionsError) as caught:
        book(session, member)
    assert caught.value.message == errors.ALREADY_BOOKED
    assert Booking.objects.filter(session=session, member=member).count() == 1


def test_rebooking_after_cancelling_reuses_the_row(book):
    session = SessionPageFactory()
    member = MemberFactory()
    first = book(session, member)
    cancel_booking(booking=first, by=member)
    again = book(session, member)
    assert again.pk == first.pk
    assert again.status == Status.CONFIRMED
    assert again.cancelled_at is None


def test_cancel_frees_the_seat_and_emails_the_member(
    book, django_capture_on_commit_callbacks
):
    session = SessionPageFactory(max_participants=1)
    member = MemberFactory()
    booking = book(session, member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking=booking, by=member)
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert "Booking cancelled" in mail.outbox[0].subject
    assert book(session, MemberFactory()).status == Status.CONFIRMED


def test_cannot_cancel_someone_elses_booking():
    booking = BookingFactory()
    with pytest.raises(SessionsError) as caught:
        cancel_booking(booking=booking, by=MemberFactory())
    assert caught.value.message == errors.NOT_YOUR_BOOKING
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED


def test_cannot_cancel_after_the_start(time_machine):
    booking = BookingFactory()
    time_machine.move_to(booking.session.starts_at + timedelta(minutes=5))
    with pytest.raises(SessionsError) as caught:
        cancel_booking(booking=booking, by=booking.member)
    assert caught.value.message == errors.NOT_CANCELLABLE


# --- Views ------------------------------------------------------------------------


def test_book_view_books_and_says_so(client, django_capture_on_commit_callbacks):
    session = SessionPageFactory()
    member = MemberFactory()
    client.force_login(member)
    url = reverse("booking_create", kwargs={"session_id": session.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == session.url
    assert "You're booked" in _messages(response)
    assert Booking.objects.get(member=member).status == Status.CONFIRMED


def test_book_view_sends_visitors_to_log_in_then_back_to_the_session(client):
    session = SessionPageFactory()
    response = client.post(reverse("booking_create", kwargs={"session_id": session.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert response["Location"].endswith(f"next={session.url}")
    assert not Booking.objects.exists()


def test_book_view_shows_the_reason_when_refused(client):
    session = SessionPageFactory()
    client.force_login(session.host)
    response = client.post(reverse("booking_create", kwargs={"session_id": session.pk}))
    assert "You host this session" in _messages(response)
    assert not Booking.objects.exists()


def test_book_view_answers_404_for_an_unknown_session_and_405_for_get(client):
    client.force_login(MemberFactory())
    assert client.post("/bookings/sessions/999999/book/").status_code == 404
    session = SessionPageFactory()
    url = reverse("booking_create", kwargs={"session_id": session.pk})
    assert client.get(url).status_code == 405


def test_cancel_view_hides_other_members_bookings(client):
    booking = BookingFactory()
    client.force_login(MemberFactory())
    response = client.post(reverse("booking_cancel", kwargs={"booking_id": booking.pk}))
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED


def test_cancel_view_cancels_and_returns_to_the_dashboard(client):
    booking = BookingFactory()
    client.force_login(booking.member)
    response = client.post(
        reverse("booking_cancel", kwargs={"booking_id": booking.pk}), follow=True
    )
    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert "is cancelled" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED


def test_cancel_view_ignores_an_offsite_next(client):
    booking = BookingFactory()
    client.force_login(booking.member)
    response = client.post(
        reverse("booking_cancel", kwargs={"booking_id": booking.pk}),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == "/dashboard/"


def _panel(session, user) -> str:
    request = RequestFactory().get(session.url)
    request.user = user
    return render_to_string(
        "sessions/components/booking_panel.html",
        {"page": session, "request": request},
        request=request,
    )


def test_panel_shows_book_button_seats_and_reasons():
    session = SessionPageFactory(max_participants=3)
    BookingFactory(session=session)
    html = _panel(session, AnonymousUser())
    assert "Log in to book" in html
    assert "<strong>2</strong> of 3 seats left" in html
    assert "Book a seat" in _panel(session, MemberFactory())

    html = _panel(session, MemberFactory(verified=False))
    assert "verify your email" in html.lower()
    assert "Book a seat" not in html
    assert "You host this session" in _panel(session, session.host)


def test_panel_shows_waitlist_pay_and_booked_states():
    session = SessionPageFactory(max_participants=1)
    booked = BookingFactory(session=session)
    assert "Cancel my booking" in _panel(session, booked.member)
    assert "Join the waitlist" in _panel(session, MemberFactory())
    waiting = BookingFactory(session=session, status=Status.WAITLISTED)
    assert "number 1 on the waitlist" in _panel(session, waiting.member)


def test_panel_says_pay_to_confirm_for_a_held_seat():
    session = SessionPageFactory(price=Decimal("20"))
    held = BookingFactory(
        session=session,
        status=Status.PENDING,
        hold_expires_at=timezone.now() + timedelta(minutes=20),
    )
    html = _panel(session, held.member)
    assert "Pay to confirm" in html
    assert "held until" in html


def test_panel_explains_started_and_cancelled_sessions(time_machine):
    session = SessionPageFactory()
    member = MemberFactory()
    session.status = SessionPage.Status.CANCELLED
    assert "has been cancelled" in _panel(session, member)
    session.status = SessionPage.Status.SCHEDULED
    time_machine.move_to(session.starts_at + timedelta(minutes=1))
    html = _panel(session, member)
    assert "already started" in html
    assert "Book a seat" not in html


def test_dashboard_lists_upcoming_and_past_bookings_in_the_members_zone(
    client, time_machine
):
    member = MemberFactory(time_zone="America/New_York")
    upcoming = SessionPageFactory(title="Future SQL")
    upcoming.starts_at = timezone.now().replace(microsecond=0) + timedelta(days=3)
    upcoming.ends_at = upcoming.starts_at + timedelta(hours=1)
    upcoming.save()
    BookingFactory(session=upcoming, member=member)
    past = SessionPageFactory(title="Old SQL")
    BookingFactory(session=past, member=member, status=Status.ATTENDED)
    time_machine.move_to(past.starts_at + timedelta(days=1))
    upcoming.starts_at = timezone.now() + timedelta(days=3)
    upcoming.ends_at = upcoming.starts_at + timedelta(hours=1)
    upcoming.save()
    client.force_login(member)
    html = client.get("/dashboard/").content.decode()
    assert "Future SQL" in html and "Old SQL" in html
    assert (
        html.index("Future SQL") < html.index("Past sessions") < html.index("Old SQL")
    )
    assert "Cancel booking" in html
    assert "America/New_York" in html or "EST" in html or "EDT" in html
    assert "Attended" in html

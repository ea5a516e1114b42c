"""The waitlist: promotion on cancel, paid offers and their expiry, the
"remove me" link, and the payments seam."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sessions import errors
from sessions.errors import SessionsError
from sessions.models import Booking
from sessions.services.booking import (
    book_session,
    cancel_booking,
    confirm_paid_booking,
    leave_waitlist,
    offer_freed_seats,
)
from sessions.services.booking_emails import waitlist_token
from sessions.tasks import expire_holds
from sessions.tests.booking_support import (
    DEFERRING_BACKEND,
    DeferringImmediateBackend,
    deferred,
    run_due,
)
from sessions.tests.factories import BookingFactory, MemberFactory, SessionPageFactory

# Paid sessions are bookable only once payments are set up.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payments_on")]
Status = Booking.Status
REMOVE_LINK = re.compile(r"https?://[^\s]+(/bookings/waitlist/leave/[^\s]+/)")


@pytest.fixture(autouse=True)
def _tasks(settings):
    settings.TASKS = {"default": {"BACKEND": DEFERRING_BACKEND}}
    DeferringImmediateBackend.deferred.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _full_session_with_queue(commit, *, waiting=2, **kwargs):
    session = SessionPageFactory(max_participants=1, **kwargs)
    seated = BookingFactory(session=session, status=Status.CONFIRMED)
    queue = []
    for minutes in range(waiting):
        queue.append(
            BookingFactory(
                session=session,
                status=Status.WAITLISTED,
                waitlisted_at=timezone.now() - timedelta(minutes=60 - minutes),
            )
        )
    return session, seated, queue


def test_cancel_confirms_the_first_waitlisted_member_of_a_free_session(commit):
    session, seated, (first, second) = _full_session_with_queue(commit)
    with commit():
        cancel_booking(booking=seated, by=seated.member)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CONFIRMED
    assert second.status == Status.WAITLISTED
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "A seat opened up" in subjects[first.member.email]
    assert first.member.email in subjects and second.member.email not in subjects
    # The promoted member gets reminders like anyone who booked.
    assert len(deferred("send_booking_reminder")) == 2


def test_leaving_the_waitlist_does_not_promote_anyone(commit):
    session, seated, (first, second) = _full_session_with_queue(commit)
    with commit():
        cancel_booking(booking=first, by=first.member)
    second.refresh_from_db()
    assert second.status == Status.WAITLISTED


def test_paid_session_offers_the_freed_seat_with_a_hold(commit, settings):
    settings.WAITLIST_OFFER_HOLD_HOURS = 12
    session, seated, (first, second) = _full_session_with_queue(
        commit, price=Decimal("30")
    )
    with commit():
        cancel_booking(booking=seated, by=seated.member)
    first.refresh_from_db()
    assert first.status == Status.PENDING
    expected = timezone.now() + timedelta(hours=12)
    assert abs(first.hold_expires_at - expected) < timedelta(seconds=5)
    offer = next(m for m in mail.outbox if m.to == [first.member.email])
    assert "A seat is yours if you pay by" in offer.subject
    [(task, kwargs)] = deferred("expire_holds")
    assert task.run_after == first.hold_expires_at
    assert kwargs == {"session_id": session.pk}


def test_offer_hold_ends_an_hour_before_the_start(commit, settings):
    settings.WAITLIST_OFFER_HOLD_HOURS = 12
    start = timezone.now() + timedelta(hours=5)
    session, seated, (first, _) = _full_session_with_queue(
        commit,
        price=Decimal("30"),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    with commit():
        cancel_booking(booking=seated, by=seated.member)
    first.refresh_from_db()
    assert first.hold_expires_at == start - timedelta(hours=1)


def test_no_offer_when_there_is_no_time_left_to_pay(commit):
    start = timezone.now() + timedelta(minutes=50)
    session, seated, (first, _) = _full_session_with_queue(
        commit,
        price=Decimal("30"),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    with commit():
        cancel_booking(booking=seated, by=seated.member)
    first.refresh_from_db()
    assert first.status == Status.WAITLISTED


def test_lapsed_offer_is_cancelled_and_passes_to_the_next_in_line(commit, time_machine):
    session, seated, (first, second) = _full_session_with_queue(
        commit, price=Decimal("30")
    )
    with commit():
        cancel_booking(booking=seated, by=seated.member)
    first.refresh_from_db()
    mail.outbox.clear()
    time_machine.move_to(first.hold_expires_at + timedelta(seconds=1))
    with commit():
        run_due()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert second.status == Status.PENDING
    to = {m.to[0]: m.subject for m in mail.outbox}
    assert "hold has expired" in to[first.member.email]
    assert "pay by" in to[second.member.email]
    # Running the expiry again changes nothing.
    with commit():
        assert expire_holds.call(session_id=session.pk) == 0
    second.refresh_from_db()
    assert second.status == Status.PENDING


def test_payment_within_the_hold_confirms(commit):
    session = SessionPageFactory(price=Decimal("30"))
    member = MemberFactory()
    with commit():
        booking = book_session(session=session, member=member)
    with commit():
        booking = confirm_paid_booking(booking=booking)
    assert booking.status == Status.CONFIRMED
    assert booking.hold_expires_at is None
    assert "Booking confirmed" in mail.outbox[-1].subject
    # A repeated webhook changes nothing and sends nothing more.
    sent = len(mail.outbox)
    with commit():
        assert confirm_paid_booking(booking=booking).status == Status.CONFIRMED
    assert len(mail.outbox) == sent


def test_late_payment_still_gets_a_seat_that_is_free(commit, time_machine):
    session = SessionPageFactory(price=Decimal("30"))
    with commit():
        booking = book_session(session=session, member=MemberFactory())
    time_machine.move_to(booking.hold_expires_at + timedelta(minutes=5))
    with commit():
        run_due()  # the hold lapses first
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    with commit():
        booking = confirm_paid_booking(booking=booking)
    assert booking.status == Status.CONFIRMED


def test_late_payment_for_a_seat_gone_is_left_unconfirmed_for_a_refund(
    commit, time_machine
):
    session = SessionPageFactory(price=Decimal("30"), max_participants=1)
    with commit():
        late = book_session(session=session, member=MemberFactory())
    time_machine.move_to(late.hold_expires_at + timedelta(minutes=1))
    with commit():
        other = book_session(session=session, member=MemberFactory())
    assert other.status == Status.PENDING
    with commit():
        late = confirm_paid_booking(booking=late)
    assert late.status == Status.CANCELLED
    assert Booking.objects.filter(session=session, status=Status.CONFIRMED).count() == 0


def test_newcomer_does_not_jump_the_queue_over_a_lapsed_offer(commit, time_machine):
    session, seated, (first, second) = _full_session_with_queue(
        commit, price=Decimal("30")
    )
    with commit():
        cancel_booking(booking=seated, by=seated.member)
    first.refresh_from_db()
    # The expiry task has not run yet when a newcomer arrives.
    time_machine.move_to(first.hold_expires_at + timedelta(seconds=1))
    with commit():
        newcomer = book_session(session=session, member=MemberFactory())
    second.refresh_from_db()
    assert second.status == Status.PENDING
    assert newcomer.status == Status.WAITLISTED


def test_host_adding_seats_offers_them_in_order(commit):
    session, seated, (first, second) = _full_session_with_queue(commit)
    session.max_participants = 2
    session.save()
    with commit():
        promoted = offer_freed_seats(session=session)
    assert [b.pk for b in promoted] == [first.pk]


def test_leave_waitlist_refuses_a_confirmed_booking():
    booking = BookingFactory()
    with pytest.raises(SessionsError) as caught:
        leave_waitlist(booking=booking)
    assert caught.value.message == errors.NOT_ON_WAITLIST


# --- The remove-me link ----------------------------------------------------------


def test_remove_me_link_from_the_email_asks_then_removes(client, commit):
    session = SessionPageFactory(max_participants=1)
    BookingFactory(session=session)
    member = MemberFactory()
    with commit():
        book_session(session=session, member=member)
    path = REMOVE_LINK.search(mail.outbox[-1].body).group(1)
    page = client.get(path)
    assert page.status_code == 200
    assert "Remove me from the waitlist" in page.content.decode()
    # Following the link alone (as mail scanners do) removes nobody.
    assert Booking.objects.get(member=member).status == Status.WAITLISTED
    with commit():
        response = client.post(path)
    assert "You have left the waitlist" in response.content.decode()
    assert Booking.objects.get(member=member).status == Status.CANCELLED
    # A second visit says so instead of failing.
    assert "no longer on the waitlist" in client.post(path).content.decode()


def test_remove_me_on_an_offer_passes_the_seat_on(client, commit):
    session, seated, (first, second) = _full_session_with_queue(
        commit, price=Decimal("30")
    )
    with commit():
        cancel_booking(booking=seated, by=seated.member)
    url = reverse("waitlist_leave", kwargs={"token": waitlist_token(first)})
    with commit():
        client.post(url)
    second.refresh_from_db()
    assert second.status == Status.PENDING


@pytest.mark.parametrize("token", ["nonsense", "eyJib29raW5nIjoxfQ:1abc:def"])
def test_bad_remove_me_token_gets_a_friendly_400(client, token):
    response = client.get(reverse("waitlist_leave", kwargs={"token": token}))
    assert response.status_code == 400
    assert "This link doesn" in response.content.decode()


def test_expired_remove_me_token_gets_a_friendly_400(client, time_machine):
    booking = BookingFactory(status=Status.WAITLISTED)
    url = reverse("waitlist_leave", kwargs={"token": waitlist_token(booking)})
    time_machine.move_to(timezone.now() + timedelta(days=400))
    assert client.get(url).status_code == 400

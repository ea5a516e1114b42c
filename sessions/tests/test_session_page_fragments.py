"""A session page kept as shared fragments (core.fragments): what every
viewer reads alike is rendered once, while what is one viewer's own (the
booking panel, the meeting link, the review and reply forms) never reaches
another, and seats, the session's phase and new reviews show at once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions.models import Booking
from sessions.services.booking import book_session
from sessions.services.reviews import leave_review
from sessions.tests.factories import (
    BookingFactory,
    MemberFactory,
    SessionPageFactory,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MEETING_LINK = "https://meet.example.com/secret-room-42"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def session(clock):
    starts = NOW + timedelta(days=2)
    return SessionPageFactory(
        title="Window functions",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        max_participants=10,
        skills=["SQL"],
        prerequisites="Bring a laptop with PostgreSQL.",
    )


def queries_for(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def test_a_second_visitor_gets_the_same_page_without_its_queries(client, session):
    first_count, first = queries_for(client, session.url)
    second_count, second = queries_for(client, session.url)
    assert second == first
    assert "Bring a laptop with PostgreSQL." in second
    assert ">SQL</a>" in second
    # Routing, the view restrictions and the seats count are all that is
    # left: the host, skills, reviews and the forum's question are kept.
    assert second_count <= 4 < first_count


def test_the_meeting_link_never_reaches_a_member_without_a_seat(client, session):
    booked = BookingFactory(session=session, status=Booking.Status.CONFIRMED).member
    client.force_login(booked)
    assert MEETING_LINK in client.get(session.url).text
    # Another member in the same time zone shares every other fragment.
    client.force_login(MemberFactory())
    page = client.get(session.url).text
    assert MEETING_LINK not in page
    assert "the link appears here once your place is confirmed" in page
    client.logout()
    assert MEETING_LINK not in client.get(session.url).text


def test_a_booking_shows_in_the_seats_left_at_once(client, session):
    assert "10 of 10" in client.get(session.url).text
    book_session(session=session, member=MemberFactory())
    page = client.get(session.url).text
    assert "9 of 10" in page
    assert "10 of 10" not in page


def test_the_page_says_a_session_is_under_way_once_it_starts(client, session, clock):
    # Seconds apart: well within a fragment's minute.
    clock.move_to(session.starts_at - timedelta(seconds=10))
    assert "Seats left" in client.get(session.url).text
    clock.move_to(session.starts_at + timedelta(seconds=10))
    page = client.get(session.url).text
    assert "This session is under way." in page
    assert "Seats left" not in page


def test_a_new_review_shows_at_once_and_only_the_host_gets_reply_forms(
    client, session, clock
):
    first = BookingFactory(session=session, status=Booking.Status.CONFIRMED).member
    second = BookingFactory(session=session, status=Booking.Status.ATTENDED).member
    clock.move_to(session.ends_at + timedelta(hours=1))
    leave_review(session=session, author=first, rating=5, comment="Clear and calm.")
    assert "Clear and calm." in client.get(session.url).text

    leave_review(session=session, author=second, rating=3, comment="Too fast.")
    page = client.get(session.url).text
    assert "Clear and calm." in page
    assert "Too fast." in page
    assert "Reply to this review" not in page

    client.force_login(session.host)
    assert client.get(session.url).text.count("Reply to this review") == 2
    client.logout()
    assert "Reply to this review" not in client.get(session.url).text


def test_the_review_form_is_the_participants_own(client, session, clock):
    participant = BookingFactory(session=session, status=Booking.Status.ATTENDED).member
    clock.move_to(session.ends_at + timedelta(hours=1))
    client.force_login(MemberFactory())
    assert "Review this session" not in client.get(session.url).text
    client.force_login(participant)
    assert "Review this session" in client.get(session.url).text

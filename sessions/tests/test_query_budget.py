"""The sessions listing and a session page stay within the query budget
(core.testing) for a visitor and for a member, however many sessions,
bookings and reviews there are."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail_factories import ImageFactory

from core.testing import assert_within_budget, page_queries
from sessions.models import Booking
from sessions.tests.factories import (
    BookingFactory,
    CategoryFactory,
    ReviewFactory,
    SessionPageFactory,
)

pytestmark = pytest.mark.django_db


def listed_session(category):
    session = SessionPageFactory(category=category, skills=["SQL", "Python"])
    BookingFactory(session=session)
    return session


def test_the_listing_costs_the_same_for_one_session_or_fifteen(page_viewer):
    category = CategoryFactory(name="Data", slug="data")
    listed_session(category)
    for path in ("/sessions/", "/sessions/?category=data"):
        few = assert_within_budget(page_viewer, path)
        for _ in range(14):
            listed_session(category)
        assert page_queries(page_viewer, path) == few


def test_a_session_page_costs_the_same_for_one_booking_or_eight(page_viewer):
    session = SessionPageFactory(skills=["SQL"], category=CategoryFactory())
    BookingFactory(session=session)
    few = assert_within_budget(page_viewer, session.url)
    BookingFactory.create_batch(7, session=session)
    assert page_queries(page_viewer, session.url) == few


def test_a_past_session_page_costs_the_same_for_one_review_or_eight(page_viewer):
    ended = timezone.now() - timedelta(days=2)
    session = SessionPageFactory(starts_at=ended - timedelta(hours=2), ends_at=ended)
    ReviewFactory(session=session)
    few = assert_within_budget(page_viewer, session.url)
    ReviewFactory.create_batch(7, session=session)
    assert page_queries(page_viewer, session.url) == few


def test_a_participant_may_review_a_past_session_within_budget(client, settings):
    # The booking panel and the reviews panel read the member's booking once.
    # Everything such a page shows: a category, a cover, skills, a review
    # and the host's next date.
    ended = timezone.now() - timedelta(days=2)
    session = SessionPageFactory(
        starts_at=ended - timedelta(hours=2),
        ends_at=ended,
        category=CategoryFactory(),
        cover_image=ImageFactory(),
        skills=["SQL"],
    )
    ReviewFactory(session=session)
    SessionPageFactory(host=session.host, title=session.title, slug="next-date")
    booking = BookingFactory(session=session, status=Booking.Status.ATTENDED)
    settings.SESSION_ENGINE = "core.sessions"
    client.force_login(booking.member)
    assert_within_budget(client, session.url)
    assert "reviews__form" in client.get(session.url).text

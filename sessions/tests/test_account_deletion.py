"""What deleting a member's account does to their session reviews
(sessions.deletion): the review stays, in the rating, without their name."""

from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
import time_machine

from accounts.services import delete_account
from sessions.models import Booking, Review
from sessions.services.reviews import leave_review
from sessions.tests.factories import BookingFactory, MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


def reviewed(session, *ratings) -> list:
    members = [MemberFactory() for _ in ratings]
    for member in members:
        BookingFactory(session=session, member=member, status=Booking.Status.ATTENDED)
    with time_machine.travel(session.ends_at + timedelta(hours=1)):
        for member, rating in zip(members, ratings, strict=True):
            leave_review(
                session=session, author=member, rating=rating, comment=f"{rating}/5"
            )
    return members


def test_the_review_stays_in_the_rating_without_the_authors_name(client):
    session = SessionPageFactory()
    fan, critic = reviewed(session, 5, 2)

    effects = delete_account(user=critic, by=None)

    assert (
        "1 review kept without their name, still counted in the session's rating"
        in effects
    )
    review = Review.objects.get(session=session, comment="2/5")
    assert review.author is None
    session.refresh_from_db()
    assert (session.rating_average, session.rating_count) == (Decimal("3.50"), 2)
    page = unescape(client.get(session.url).content.decode())
    assert "Deleted member" in page
    assert "2/5" in page
    assert critic.name not in page


def test_a_deleted_reviewer_does_not_stop_another_from_reviewing():
    session = SessionPageFactory()
    first, second = reviewed(session, 4, 5)
    delete_account(user=first, by=None)
    delete_account(user=second, by=None)

    (third,) = reviewed(session, 1)

    assert Review.objects.filter(session=session, author=None).count() == 2
    assert Review.objects.filter(session=session, author=third).exists()
    session.refresh_from_db()
    assert session.rating_count == 3

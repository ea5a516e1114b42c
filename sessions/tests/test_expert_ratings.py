"""Each expert's rating totals (sessions.models.ExpertRating): kept by every
service that writes a session review, in its transaction, race-free."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.services import delete_account
from core.tests.concurrency import ensure_site_tree, needs_row_locks, run_at_once
from sessions.models import Booking, ExpertRating, Review, SessionPage
from sessions.services import expert_ratings
from sessions.services.expert_ratings import recompute_expert_ratings
from sessions.services.reviews import leave_review
from sessions.tests.factories import (
    BookingFactory,
    ExpertFactory,
    MemberFactory,
    SessionPageFactory,
)

pytestmark = pytest.mark.django_db


def past_session(host) -> SessionPage:
    starts = timezone.now() - timedelta(days=3)
    return SessionPageFactory(
        host=host, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )


def review(session: SessionPage, rating: int, member=None) -> Review:
    member = member or MemberFactory()
    BookingFactory(session=session, member=member, status=Booking.Status.ATTENDED)
    return leave_review(session=session, author=member, rating=rating)


def totals(expert) -> tuple:
    row = ExpertRating.objects.get(expert=expert)
    return (row.session_count, row.session_sum, row.count, row.average)


def slow_totals_reads(monkeypatch) -> None:
    """Widen the gap between reading the reviews and writing the totals:
    without the row lock each racing writer would write only what it read."""
    read = expert_ratings._session_totals

    def slow_read(expert_ids):
        found = read(expert_ids)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(expert_ratings, "_session_totals", slow_read)


def get_expert_rating(expert) -> dict:
    """What experts.selectors.get_expert_rating reads (experts sits above)."""
    row = ExpertRating.objects.filter(expert=expert).first()
    return {"average": row and row.average, "count": row.count if row else 0}


def test_each_session_review_is_added_to_the_hosts_totals():
    host = ExpertFactory()
    review(past_session(host), 5)
    assert totals(host) == (1, 5, 1, 5.0)
    review(past_session(host), 2)
    assert totals(host) == (2, 7, 2, 3.5)
    assert get_expert_rating(host) == {"average": 3.5, "count": 2}


def test_another_experts_reviews_stay_theirs():
    host, other = ExpertFactory(), ExpertFactory()
    review(past_session(host), 5)
    review(past_session(other), 1)
    assert totals(host) == (1, 5, 1, 5.0)
    assert totals(other) == (1, 1, 1, 1.0)


def test_an_expert_without_reviews_has_no_average():
    assert get_expert_rating(ExpertFactory()) == {"average": None, "count": 0}


def test_publishing_another_host_moves_the_sessions_reviews_with_it():
    first, second = ExpertFactory(), ExpertFactory()
    session = past_session(first)
    review(session, 4)
    review(past_session(second), 2)
    # As the page editor does: a draft first, nothing moves yet.
    page = SessionPage.objects.get(pk=session.pk)
    page.host = second
    revision = page.save_revision()
    assert get_expert_rating(first)["count"] == 1
    revision.publish()
    assert get_expert_rating(first) == {"average": None, "count": 0}
    assert get_expert_rating(second) == {"average": 3.0, "count": 2}


def test_a_reviewers_deleted_account_leaves_the_totals_as_they_were():
    host = ExpertFactory()
    session = past_session(host)
    critic = MemberFactory()
    review(session, 1, member=critic)
    review(session, 5)
    delete_account(user=critic, by=None)
    assert Review.objects.filter(author=None).count() == 1
    assert totals(host) == (2, 6, 2, 3.0)


def test_recompute_sets_many_experts_from_their_reviews_in_bulk(
    django_assert_max_num_queries,
):
    hosts = [ExpertFactory() for _ in range(3)]
    sessions = [past_session(host) for host in hosts]
    members = [MemberFactory() for _ in range(2)]
    # Straight into the table (as seeding does), and one stale row.
    Review.objects.bulk_create(
        Review(session=session, author=member, rating=rating)
        for session, rating in zip(sessions, (5, 3, 1), strict=True)
        for member in members
    )
    ExpertRating.objects.create(
        expert=hosts[0], session_count=9, session_sum=9, count=9, average=1.0
    )
    with django_assert_max_num_queries(7):
        recompute_expert_ratings(expert_ids=[host.pk for host in hosts])
    assert [totals(host) for host in hosts] == [
        (2, 10, 2, 5.0),
        (2, 6, 2, 3.0),
        (2, 2, 2, 1.0),
    ]


@pytest.mark.django_db(transaction=True)
def test_two_reviews_of_one_expert_committed_at_once_are_both_counted(monkeypatch):
    needs_row_locks()
    ensure_site_tree()
    host = ExpertFactory()
    # An earlier review: the totals row is there, no insert to queue behind.
    review(past_session(host), 4)
    # Two sessions: their own locks do not order the two reviews.
    sessions = [past_session(host) for _ in range(2)]
    members = [MemberFactory() for _ in sessions]
    for session, member in zip(sessions, members, strict=True):
        BookingFactory(session=session, member=member, status=Booking.Status.ATTENDED)
    slow_totals_reads(monkeypatch)
    pairs = iter(zip(sessions, members, (5, 2), strict=True))

    def write():
        session, member, rating = next(pairs)
        return leave_review(session=session, author=member, rating=rating).pk

    assert len(set(run_at_once(write))) == 2
    assert totals(host) == (3, 11, 3, 11 / 3)

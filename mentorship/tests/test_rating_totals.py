"""Mentees' reviews in their mentor's stored rating totals
(sessions.models.ExpertRating): written, changed, kept when the mentee
leaves, raced against a session review; and the migration that fills the
totals for reviews written before them."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.services import delete_account
from core.tests.concurrency import ensure_site_tree, needs_row_locks, run_at_once
from experts.selectors import get_expert_rating
from experts.tests.factories import ExpertPageFactory, GroupExpertFactory
from experts.tests.test_directory import get, names
from mentorship.models import Mentorship
from mentorship.reviews import save_mentorship_review
from mentorship.tests.factories import MentorshipFactory
from sessions.models import Booking, ExpertRating
from sessions.services.reviews import leave_review
from sessions.tests.factories import (
    BookingFactory,
    MemberFactory,
    ReviewFactory,
    SessionPageFactory,
)
from sessions.tests.test_expert_ratings import slow_totals_reads

pytestmark = pytest.mark.django_db
fill_migration = import_module("sessions.migrations.0006_fill_expert_ratings")


def completed(mentor) -> Mentorship:
    return MentorshipFactory(
        mentor=mentor, mentee=MemberFactory(), status=Mentorship.Status.COMPLETED
    )


def past_session(host):
    starts = timezone.now() - timedelta(days=3)
    return SessionPageFactory(
        host=host, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )


def totals(expert) -> tuple:
    row = ExpertRating.objects.get(expert=expert)
    return (
        row.session_count,
        row.session_sum,
        row.mentee_count,
        row.mentee_sum,
        row.count,
        row.average,
    )


def test_a_mentees_review_is_added_beside_the_session_reviews():
    mentor = GroupExpertFactory()
    ReviewFactory(session=past_session(mentor), rating=5)
    done = completed(mentor)
    save_mentorship_review(mentorship=done, author=done.mentee, rating=2)
    assert totals(mentor) == (1, 5, 1, 2, 2, 3.5)


def test_changing_the_rating_changes_the_totals():
    mentor = GroupExpertFactory()
    done = completed(mentor)
    save_mentorship_review(mentorship=done, author=done.mentee, rating=2)
    save_mentorship_review(mentorship=done, author=done.mentee, rating=5)
    assert totals(mentor) == (0, 0, 1, 5, 1, 5.0)


def test_the_mentors_feedback_adds_nothing():
    mentor = GroupExpertFactory()
    done = completed(mentor)
    save_mentorship_review(mentorship=done, author=mentor, comment="Keep going.")
    assert get_expert_rating(mentor) == {"average": None, "count": 0}


def test_a_deleted_mentees_review_still_counts():
    mentor = GroupExpertFactory()
    gone, stays = completed(mentor), completed(mentor)
    save_mentorship_review(mentorship=gone, author=gone.mentee, rating=1)
    save_mentorship_review(mentorship=stays, author=stays.mentee, rating=4)
    delete_account(user=gone.mentee, by=None)
    assert totals(mentor) == (0, 0, 2, 5, 2, 2.5)


def test_the_migration_fills_the_totals_from_both_kinds_and_empties_them_back():
    mentor, host, quiet = (GroupExpertFactory() for _ in range(3))
    ReviewFactory(session=past_session(mentor), rating=4)
    ReviewFactory(session=past_session(host), rating=3)
    done = completed(mentor)
    save_mentorship_review(mentorship=done, author=done.mentee, rating=1)
    # As before the migration: reviews, and no totals yet.
    ExpertRating.objects.all().delete()

    fill_migration.fill(apps, None)

    assert totals(mentor) == (1, 4, 1, 1, 2, 2.5)
    assert totals(host) == (1, 3, 0, 0, 1, 3.0)
    assert not ExpertRating.objects.filter(expert=quiet).exists()
    assert get_expert_rating(quiet) == {"average": None, "count": 0}
    fill_migration.empty(apps, None)
    assert not ExpertRating.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_session_review_and_a_mentees_review_at_once_are_both_counted(
    monkeypatch,
):
    needs_row_locks()
    ensure_site_tree()
    mentor = GroupExpertFactory()
    # An earlier review: the totals row is there, no insert to queue behind.
    ReviewFactory(session=past_session(mentor), rating=4)
    session = past_session(mentor)
    attendee = MemberFactory()
    BookingFactory(session=session, member=attendee, status=Booking.Status.ATTENDED)
    done = completed(mentor)
    # Each writer reads both kinds: without the row lock the later write
    # would carry a stale count of the other kind.
    slow_totals_reads(monkeypatch)
    writers = iter(
        [
            lambda: leave_review(session=session, author=attendee, rating=5),
            lambda: save_mentorship_review(
                mentorship=done, author=done.mentee, rating=2
            ),
        ]
    )

    def write():
        return next(writers)().pk

    run_at_once(write)
    assert totals(mentor) == (2, 9, 1, 2, 3, 11 / 3)


def test_directory_sorts_by_both_kinds_then_by_how_many_reviews(client):
    def expert(name, sessions=(), mentees=()):
        page = ExpertPageFactory(title=name, expert=GroupExpertFactory(name=name))
        for rating in sessions:
            ReviewFactory(session=past_session(page.expert), rating=rating)
        for rating in mentees:
            done = completed(page.expert)
            save_mentorship_review(mentorship=done, author=done.mentee, rating=rating)

    expert("Abe Unrated")
    expert("Bea Mentee Four", mentees=[4])
    expert("Cal One Five", sessions=[5])
    expert("Dee Mixed Four", sessions=[5], mentees=[3])
    expert("Eve Two Fives", sessions=[5], mentees=[5])
    assert names(get(client)) == [
        "Eve Two Fives",
        "Cal One Five",
        "Dee Mixed Four",
        "Bea Mentee Four",
        "Abe Unrated",
    ]

"""Votes, accepted answers and reputation."""

import pytest

from core.tests.concurrency import needs_row_locks, run_at_once
from forum import errors
from forum.errors import ForumError
from forum.models import Notification, Reputation, Vote
from forum.rules import VOTES_PER_MINUTE
from forum.services.posting import answer, reply
from forum.services.voting import (
    ACCEPTED_POINTS,
    DOWNVOTE_POINTS,
    UPVOTE_POINTS,
    accept_answer,
    unaccept_answer,
    vote,
)
from forum.tests.factories import ThreadFactory
from sessions.tests.factories import MemberFactory


@pytest.fixture
def thread(db):
    return ThreadFactory()


@pytest.fixture
def an_answer(thread):
    return answer(thread=thread, author=MemberFactory(), body="Use an index.")


def points(user) -> int:
    reputation = Reputation.objects.filter(user=user).first()
    return reputation.points if reputation else 0


def refused(message, action):
    with pytest.raises(ForumError) as caught:
        action()
    assert caught.value.message == message


@pytest.mark.django_db
def test_one_vote_per_member_changeable_and_withdrawable(an_answer):
    voter = MemberFactory()
    vote(post=an_answer, voter=voter, value=1)
    vote(post=an_answer, voter=voter, value=1)  # twice is still one
    an_answer.refresh_from_db()
    assert an_answer.score == 1
    assert points(an_answer.author) == UPVOTE_POINTS

    vote(post=an_answer, voter=voter, value=-1)
    an_answer.refresh_from_db()
    assert an_answer.score == -1
    assert points(an_answer.author) == DOWNVOTE_POINTS
    assert Vote.objects.count() == 1

    vote(post=an_answer, voter=voter, value=0)
    an_answer.refresh_from_db()
    assert an_answer.score == 0
    assert points(an_answer.author) == 0
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_a_vote_on_the_question_counts_for_the_thread(thread):
    vote(post=thread.posts.get(is_opening=True), voter=MemberFactory(), value=1)
    thread.refresh_from_db()
    assert thread.score == 1


@pytest.mark.django_db
def test_voting_rules(thread, an_answer):
    refused(
        errors.OWN_POST_VOTE,
        lambda: vote(post=an_answer, voter=an_answer.author, value=1),
    )
    refused(errors.BAD_VOTE, lambda: vote(post=an_answer, voter=thread.author, value=5))
    a_reply = reply(parent=an_answer, author=thread.author, body="Thanks")
    refused(
        errors.VOTE_ON_ANSWERS_ONLY,
        lambda: vote(post=a_reply, voter=an_answer.author, value=1),
    )
    refused(
        errors.EMAIL_NOT_VERIFIED,
        lambda: vote(post=an_answer, voter=MemberFactory(verified=False), value=1),
    )
    thread.is_locked = True
    thread.save()
    refused(
        errors.THREAD_LOCKED, lambda: vote(post=an_answer, voter=thread.author, value=1)
    )
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_voting_is_rate_limited(thread):
    voter = MemberFactory()
    answers = [
        answer(thread=thread, author=MemberFactory(), body="An answer")
        for _ in range(VOTES_PER_MINUTE + 1)
    ]
    for post in answers[:-1]:
        vote(post=post, voter=voter, value=1)
    refused(
        errors.VOTING_TOO_FAST, lambda: vote(post=answers[-1], voter=voter, value=1)
    )


@pytest.mark.django_db
def test_the_asker_accepts_one_answer_and_can_move_the_mark(thread, an_answer):
    refused(
        errors.NOT_YOUR_QUESTION,
        lambda: accept_answer(answer=an_answer, user=an_answer.author),
    )
    accept_answer(answer=an_answer, user=thread.author)
    thread.refresh_from_db()
    assert thread.accepted_answer == an_answer
    assert points(an_answer.author) == ACCEPTED_POINTS
    assert Notification.objects.filter(
        user=an_answer.author, kind=Notification.Kind.ACCEPTED
    ).exists()

    better = answer(thread=thread, author=MemberFactory(), body="Partial index.")
    accept_answer(answer=better, user=thread.author)
    thread.refresh_from_db()
    assert thread.accepted_answer == better
    assert points(an_answer.author) == 0
    assert Reputation.objects.get(user=better.author).accepted_answers == 1

    unaccept_answer(thread=thread, user=thread.author)
    thread.refresh_from_db()
    assert thread.accepted_answer is None
    assert points(better.author) == 0


@pytest.mark.django_db
def test_unaccepting_a_named_answer_leaves_another_accepted_one(thread, an_answer):
    better = answer(thread=thread, author=MemberFactory(), body="Partial index.")
    accept_answer(answer=better, user=thread.author)
    unaccept_answer(thread=thread, user=thread.author, answer=an_answer)
    thread.refresh_from_db()
    assert thread.accepted_answer == better
    assert points(better.author) == ACCEPTED_POINTS
    refused(
        errors.NOT_YOUR_QUESTION,
        lambda: unaccept_answer(thread=thread, user=better.author, answer=better),
    )

    unaccept_answer(thread=thread, user=thread.author, answer=better)
    thread.refresh_from_db()
    assert thread.accepted_answer is None
    assert points(better.author) == 0


@pytest.mark.django_db
def test_staff_may_accept_a_reply_or_the_question_cannot_be(thread, an_answer):
    staff = MemberFactory(is_staff=True)
    a_reply = reply(parent=an_answer, author=thread.author, body="Thanks")
    refused(errors.NOT_AN_ANSWER, lambda: accept_answer(answer=a_reply, user=staff))
    opening = thread.posts.get(is_opening=True)
    refused(errors.NOT_AN_ANSWER, lambda: accept_answer(answer=opening, user=staff))
    accept_answer(answer=an_answer, user=staff)


@pytest.mark.django_db
def test_discussions_have_no_accepted_answer():
    discussion = ThreadFactory(kind="discussion")
    post = answer(thread=discussion, author=MemberFactory(), body="My view")
    refused(
        errors.NOT_A_QUESTION,
        lambda: accept_answer(answer=post, user=discussion.author),
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_leave_the_score_equal_to_the_votes():
    needs_row_locks()
    thread = ThreadFactory()
    post = answer(thread=thread, author=MemberFactory(), body="Use an index.")
    voters = iter(MemberFactory.create_batch(6))

    def cast():
        vote(post=post, voter=next(voters), value=1)

    run_at_once(cast, times=6)
    post.refresh_from_db()
    assert post.score == 6 == Vote.objects.filter(post=post).count()
    assert points(post.author) == 6 * UPVOTE_POINTS

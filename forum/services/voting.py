"""Votes on questions and answers, accepted answers, and the reputation
they earn.

A vote locks its post's row, writes the vote and recounts the post's score
from the votes (never score += 1 from what a page showed), so concurrent
votes always leave score == the sum of votes."""

from django.db import transaction
from django.db.models import F, Sum

from accounts.models import User
from forum import errors, notifications
from forum.errors import ForumError
from forum.models import Post, Reputation, Thread, Vote
from forum.rules import check_may_vote, may_accept_answers
from forum.services.posting import lock_thread

# What a post's author earns from each vote on it, and from an accepted answer.
UPVOTE_POINTS = 10
DOWNVOTE_POINTS = -2
ACCEPTED_POINTS = 15


def _points(value: int) -> int:
    return {1: UPVOTE_POINTS, -1: DOWNVOTE_POINTS}.get(value, 0)


def add_reputation(user_id: int | None, *, points: int, accepted: int = 0) -> None:
    if not user_id or (not points and not accepted):
        return
    Reputation.objects.get_or_create(user_id=user_id)
    Reputation.objects.filter(user_id=user_id).update(
        points=F("points") + points, accepted_answers=F("accepted_answers") + accepted
    )


@transaction.atomic
def vote(*, post: Post, voter: User, value: int) -> Post:
    """Up (1), down (-1) or withdraw (0); voting again changes the vote."""
    if value not in (-1, 0, 1):
        raise ForumError(errors.BAD_VOTE)
    check_may_vote(voter)
    thread = lock_thread(post.thread_id)
    post = Post.objects.select_for_update().filter(pk=post.pk, thread=thread).first()
    if post is None or not post.is_visible:
        raise ForumError(errors.NOT_FOUND)
    if thread.is_locked:
        raise ForumError(errors.THREAD_LOCKED)
    if post.parent_post_id is not None:
        raise ForumError(errors.VOTE_ON_ANSWERS_ONLY)
    if post.author_id == voter.pk:
        raise ForumError(errors.OWN_POST_VOTE)
    previous = Vote.objects.filter(post=post, voter=voter).first()
    old_value = previous.value if previous else 0
    if old_value == value:
        return post
    if value == 0:
        previous.delete()
    else:
        Vote.objects.update_or_create(post=post, voter=voter, defaults={"value": value})
    post.score = post.votes.aggregate(total=Sum("value"))["total"] or 0
    post.save(update_fields=["score"])
    if post.is_opening:
        Thread.objects.filter(pk=thread.pk).update(score=post.score)
    add_reputation(post.author_id, points=_points(value) - _points(old_value))
    return post


@transaction.atomic
def withdraw_votes_by(*, voter: User) -> int:
    """Withdraw every vote `voter` cast (their account is going): each
    post's score is recounted and its author loses what the vote earned
    them, as if the voter had withdrawn it themselves. Returns how many."""
    votes = list(
        Vote.objects.filter(voter=voter)
        .select_related("post")
        .order_by("post__thread_id", "post_id")
    )
    for thread_id in sorted({v.post.thread_id for v in votes}):
        # The thread row first, then its posts: the order every forum write
        # locks in.
        thread = lock_thread(thread_id)
        for cast in (v for v in votes if v.post.thread_id == thread_id):
            post = Post.objects.select_for_update().get(pk=cast.post_id)
            cast.delete()
            post.score = post.votes.aggregate(total=Sum("value"))["total"] or 0
            post.save(update_fields=["score"])
            if post.is_opening:
                Thread.objects.filter(pk=thread.pk).update(score=post.score)
            add_reputation(post.author_id, points=-_points(cast.value))
    return len(votes)


@transaction.atomic
def accept_answer(*, answer: Post, user: User) -> Thread:
    """The asker (or staff) marks one answer as the accepted one; accepting
    another moves the mark and the reputation with it."""
    thread = lock_thread(answer.thread_id)
    if not thread.is_question:
        raise ForumError(errors.NOT_A_QUESTION)
    if not may_accept_answers(user, thread):
        raise ForumError(errors.NOT_YOUR_QUESTION)
    answer = Post.objects.filter(pk=answer.pk, thread=thread).first()
    if answer is None or not answer.is_answer or not answer.is_visible:
        raise ForumError(errors.NOT_AN_ANSWER)
    if thread.accepted_answer_id == answer.pk:
        return thread
    if thread.accepted_answer_id is not None:
        before = Post.objects.get(pk=thread.accepted_answer_id)
        add_reputation(before.author_id, points=-ACCEPTED_POINTS, accepted=-1)
    thread.accepted_answer = answer
    thread.save(update_fields=["accepted_answer"])
    add_reputation(answer.author_id, points=ACCEPTED_POINTS, accepted=1)
    notifications.answer_accepted(answer)
    return thread


@transaction.atomic
def unaccept_answer(
    *, thread: Thread, user: User, answer: Post | None = None
) -> Thread:
    """The asker (or staff) takes the mark off the accepted answer. Given
    `answer`, only if that one is accepted: another accepted answer keeps
    its mark (a client acting on a page it read earlier moves nothing)."""
    thread = lock_thread(thread.pk)
    if not may_accept_answers(user, thread):
        raise ForumError(errors.NOT_YOUR_QUESTION)
    if thread.accepted_answer_id is None:
        return thread
    if answer is not None and answer.pk != thread.accepted_answer_id:
        return thread
    before = Post.objects.get(pk=thread.accepted_answer_id)
    add_reputation(before.author_id, points=-ACCEPTED_POINTS, accepted=-1)
    thread.accepted_answer = None
    thread.save(update_fields=["accepted_answer"])
    return thread

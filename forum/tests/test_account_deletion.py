"""What deleting a member's account does to the forum (forum.deletion):
their threads and posts stay, without their name; their votes are
withdrawn as the vote service would."""

import pytest

from accounts.services import delete_account
from forum.models import Post, PostRevision, Reputation, Thread
from forum.services.posting import edit_post
from forum.services.voting import vote
from forum.tests.factories import PostFactory, ThreadFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_their_threads_and_posts_stay_without_their_name():
    thread = ThreadFactory(body="Why is **this** slow?")
    author = thread.author
    answer = PostFactory(thread=thread, author=author, body="Found it: an index.")
    edit_post(post=answer, editor=author, body="Found it: a missing index!")

    effects = delete_account(user=author, by=None)

    assert "2 forum posts kept, shown as by a deleted member" in effects
    thread.refresh_from_db()
    assert thread.author is None
    assert Post.objects.get(pk=answer.pk).author is None
    assert Post.objects.get(pk=answer.pk).body == "Found it: a missing index!"
    assert PostRevision.objects.filter(post=answer, edited_by=None).exists()
    assert Thread.objects.get(pk=thread.pk).posts.count() == 2


def test_their_votes_are_withdrawn_and_scores_and_reputation_recounted():
    thread = ThreadFactory()
    answer = PostFactory(thread=thread)
    voter, other = MemberFactory(), MemberFactory()
    for member in (voter, other):
        vote(post=answer, voter=member, value=1)
    vote(post=thread.posts.get(is_opening=True), voter=voter, value=-1)
    assert Reputation.objects.get(user=answer.author).points == 20

    effects = delete_account(user=voter, by=None)

    assert "2 forum votes withdrawn and the posts' scores recounted" in effects
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert answer.score == 1
    assert thread.score == 0
    assert Reputation.objects.get(user=answer.author).points == 10
    assert Reputation.objects.get(user=thread.author).points == 0

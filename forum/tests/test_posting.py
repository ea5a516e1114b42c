"""Asking, answering, replying, editing and deleting, and who may."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forum import errors
from forum.errors import ForumError
from forum.models import Ban, Notification, Post, PostRevision, Subscription, Thread
from forum.rules import NEW_MEMBER_POSTS_PER_HOUR, POSTS_PER_MINUTE
from forum.services.posting import answer, ask, delete_post, edit_post, reply
from forum.tests.factories import ForumCategoryFactory, ThreadFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return ForumCategoryFactory()


@pytest.fixture
def regular():
    """A member past the new-member limits."""
    return MemberFactory(date_joined=timezone.now() - timedelta(days=30))


def refused(message, action):
    with pytest.raises(ForumError) as caught:
        action()
    assert caught.value.message == message


def test_asking_creates_the_thread_its_opening_post_and_a_follow(category, regular):
    thread = ask(
        author=regular,
        category=category,
        title="  Why is my   JOIN slow?  ",
        body="It takes *ten* seconds.\n\n```\nSELECT 1;\n```",
    )
    assert thread.title == "Why is my JOIN slow?"
    assert thread.slug == "why-is-my-join-slow"
    assert thread.get_absolute_url() == f"/forum/t/{thread.pk}/why-is-my-join-slow/"
    opening = thread.posts.get()
    assert opening.is_opening
    assert "<em>ten</em>" in opening.body_html
    assert "<pre><code>SELECT 1;" in opening.body_html
    assert Subscription.objects.filter(user=regular, thread=thread).exists()


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("Too short", "Body", errors.TITLE_TOO_SHORT % {"min": 10}),
        ("x" * 151, "Body", errors.TITLE_TOO_LONG % {"max": 150}),
        ("A good long title", "   \n ", errors.BODY_EMPTY),
        ("A good long title", "x" * 20_001, errors.BODY_TOO_LONG % {"max": "20,000"}),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    category, regular, title, body, message
):
    refused(
        message, lambda: ask(author=regular, category=category, title=title, body=body)
    )
    assert not Thread.objects.exists()
    assert not Post.objects.exists()


def test_scripts_and_html_are_shown_as_typed_links_are_nofollow(category, regular):
    thread = ask(
        author=regular,
        category=category,
        title="What about <script>alert(1)</script>?",
        body="<script>alert(1)</script> <img src=x onerror=alert(1)> "
        "[docs](https://example.com) [bad](javascript:alert(1))",
    )
    html = thread.posts.get().body_html
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://example.com"' in html
    assert 'rel="nofollow noopener ugc"' in html
    assert "javascript:" not in html


def test_unverified_banned_and_anonymous_members_cannot_post(category, regular):
    unverified = MemberFactory(verified=False)
    refused(
        errors.EMAIL_NOT_VERIFIED,
        lambda: ask(author=unverified, category=category, title="x" * 12, body="b"),
    )
    Ban.objects.create(user=regular, reason="spam links")
    refused(
        errors.BANNED % {"reason": "spam links"},
        lambda: ask(author=regular, category=category, title="x" * 12, body="b"),
    )
    assert not Thread.objects.exists()


def test_an_expired_ban_lets_the_member_post_again(category, regular):
    Ban.objects.create(
        user=regular, reason="cool off", until=timezone.now() - timedelta(hours=1)
    )
    assert ask(author=regular, category=category, title="x" * 12, body="b")


def test_new_members_first_posts_are_rate_limited(category):
    newcomer = MemberFactory()
    thread = ThreadFactory(category=category)
    for _ in range(NEW_MEMBER_POSTS_PER_HOUR):
        answer(thread=thread, author=newcomer, body="Try EXPLAIN ANALYZE.")
    refused(
        errors.NEW_MEMBER_LIMIT % {"count": NEW_MEMBER_POSTS_PER_HOUR},
        lambda: answer(thread=thread, author=newcomer, body="One more"),
    )
    assert thread.posts.filter(author=newcomer).count() == NEW_MEMBER_POSTS_PER_HOUR


def test_everyone_is_limited_to_a_burst_per_minute(category, regular):
    thread = ThreadFactory(category=category)
    for _ in range(POSTS_PER_MINUTE):
        answer(thread=thread, author=regular, body="More")
    refused(errors.TOO_FAST, lambda: answer(thread=thread, author=regular, body="x"))


def test_answers_count_follow_and_notify_followers(category, regular):
    asker = MemberFactory()
    thread = ask(author=asker, category=category, title="How to shard?", body="b")
    post = answer(thread=thread, author=regular, body="Partition by tenant.")
    thread.refresh_from_db()
    assert thread.answer_count == 1
    assert thread.last_activity_at == post.created_at
    assert Subscription.objects.filter(user=regular, thread=thread).exists()
    notification = Notification.objects.get()
    assert (notification.user, notification.kind, notification.post) == (
        asker,
        Notification.Kind.ANSWER,
        post,
    )


def test_replies_hang_under_their_post_one_level_deep(category, regular):
    thread = ThreadFactory(category=category)
    an_answer = answer(thread=thread, author=regular, body="Use an index.")
    first = reply(parent=an_answer, author=thread.author, body="Which column?")
    second = reply(parent=first, author=regular, body="The one in WHERE.")
    assert first.parent_post == an_answer
    assert second.parent_post == an_answer  # not under the reply
    thread.refresh_from_db()
    assert thread.answer_count == 1
    # The answer's author hears of the reply to their answer.
    assert Notification.objects.filter(
        user=regular, post=first, kind=Notification.Kind.REPLY
    ).exists()


def test_a_reply_to_a_post_of_another_thread_is_refused(category, regular):
    elsewhere = answer(thread=ThreadFactory(), author=regular, body="Elsewhere")
    thread = ThreadFactory(category=category)
    elsewhere.thread = thread  # a crafted request naming another thread's post
    refused(
        errors.REPLY_ELSEWHERE,
        lambda: reply(parent=elsewhere, author=regular, body="x"),
    )


def test_locked_threads_take_no_new_posts(category, regular):
    thread = ThreadFactory(category=category, is_locked=True)
    refused(
        errors.THREAD_LOCKED, lambda: answer(thread=thread, author=regular, body="x")
    )


def test_editing_keeps_history_and_only_the_author_may(category, regular):
    thread = ask(author=regular, category=category, title="Old title here", body="v1")
    opening = thread.posts.get()
    refused(
        errors.NOT_YOUR_POST,
        lambda: edit_post(post=opening, editor=MemberFactory(), body="hacked"),
    )
    edit_post(post=opening, editor=regular, body="v2", title="New title here")
    opening.refresh_from_db()
    thread.refresh_from_db()
    assert (opening.body, thread.title, thread.slug) == (
        "v2",
        "New title here",
        "new-title-here",
    )
    assert opening.edited_at is not None
    revision = PostRevision.objects.get()
    assert (revision.body, revision.title) == ("v1", "Old title here")


def test_deleting_is_soft_and_keeps_what_others_rely_on(category, regular):
    asker = MemberFactory()
    thread = ask(author=asker, category=category, title="A question here", body="b")
    post = answer(thread=thread, author=regular, body="An answer")
    refused(
        errors.QUESTION_HAS_ANSWERS,
        lambda: delete_post(post=thread.posts.get(is_opening=True), user=asker),
    )
    delete_post(post=post, user=regular)
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.deleted_at is not None and post.body == "An answer"
    assert thread.answer_count == 0
    refused(errors.POST_DELETED, lambda: edit_post(post=post, editor=regular, body="x"))
    # With no answers left, the asker may delete the question itself.
    delete_post(post=thread.posts.get(is_opening=True), user=asker)
    thread.refresh_from_db()
    assert thread.deleted_at is not None

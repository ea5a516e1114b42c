"""Members flagging posts for moderators (/forum/posts/<id>/flag/ and
forum.services.moderation.flag_post)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.tests.concurrency import needs_row_locks, run_at_once
from forum import errors
from forum.errors import ForumError
from forum.models import Ban, Flag, Post, Thread
from forum.services import moderation
from forum.services.posting import answer
from forum.tests.factories import ThreadFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Reason = Flag.Reason


def refused(message, action):
    with pytest.raises(ForumError) as caught:
        action()
    assert caught.value.message == message


def flag_url(post) -> str:
    return reverse("forum_flag", kwargs={"post_id": post.pk})


# --- Flags --------------------------------------------------------------------------


def test_a_member_flags_a_post_from_its_page(client, spam_answer, reporter):
    client.force_login(reporter)
    page = client.get(flag_url(spam_answer))
    assert page.status_code == 200
    assert "Buy cheap pills here" in page.content.decode()

    response = client.post(
        flag_url(spam_answer), {"reason": Reason.SPAM, "details": "  Pill links  "}
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"{spam_answer.thread.get_absolute_url()}#post-{spam_answer.pk}"
    )
    flag = Flag.objects.get()
    assert (flag.post, flag.reporter, flag.reason, flag.details) == (
        spam_answer,
        reporter,
        Reason.SPAM,
        "Pill links",
    )


def test_flagging_twice_says_already_flagged(client, spam_answer, reporter):
    client.force_login(reporter)
    client.post(flag_url(spam_answer), {"reason": Reason.SPAM})
    response = client.post(flag_url(spam_answer), {"reason": Reason.RUDE})
    assert response.status_code == 409
    assert str(errors.ALREADY_FLAGGED) in response.content.decode()
    assert Flag.objects.count() == 1


def test_after_a_dismissal_the_member_may_flag_again(spam_answer, reporter, staff):
    moderation.flag_post(post=spam_answer, reporter=reporter, reason=Reason.SPAM)
    moderation.dismiss_flags(post=spam_answer, moderator=staff)
    moderation.flag_post(post=spam_answer, reporter=reporter, reason=Reason.RUDE)
    assert Flag.objects.filter(resolved_at=None).count() == 1


def test_own_posts_cannot_be_flagged(client, spam_answer):
    client.force_login(spam_answer.author)
    page = client.get(flag_url(spam_answer))
    assert str(errors.FLAG_OWN_POST) in page.content.decode()
    assert b"Flag for moderators" not in page.content
    response = client.post(flag_url(spam_answer), {"reason": Reason.SPAM})
    assert response.status_code == 403
    refused(
        errors.FLAG_OWN_POST,
        lambda: moderation.flag_post(
            post=spam_answer, reporter=spam_answer.author, reason=Reason.SPAM
        ),
    )
    assert not Flag.objects.exists()


def test_unverified_and_banned_members_cannot_flag(client, spam_answer, reporter):
    unverified = MemberFactory(verified=False)
    client.force_login(unverified)
    response = client.post(flag_url(spam_answer), {"reason": Reason.SPAM})
    assert response.status_code == 403
    assert str(errors.EMAIL_NOT_VERIFIED) in response.content.decode()

    Ban.objects.create(user=reporter, reason="flag abuse")
    refused(
        errors.BANNED % {"reason": "flag abuse"},
        lambda: moderation.flag_post(
            post=spam_answer, reporter=reporter, reason=Reason.SPAM
        ),
    )
    assert not Flag.objects.exists()


def test_visitors_are_sent_to_log_in(client, spam_answer):
    response = client.get(flag_url(spam_answer))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_posts_nobody_may_see_cannot_be_flagged(client, thread, spam_answer, reporter):
    client.force_login(reporter)
    Post.objects.filter(pk=spam_answer.pk).update(is_hidden=True)
    assert client.get(flag_url(spam_answer)).status_code == 404
    Post.objects.filter(pk=spam_answer.pk).update(
        is_hidden=False, deleted_at=timezone.now()
    )
    assert client.post(flag_url(spam_answer), {"reason": "spam"}).status_code == 404
    Post.objects.filter(pk=spam_answer.pk).update(deleted_at=None)
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    assert client.get(flag_url(spam_answer)).status_code == 404
    refused(
        errors.NOT_FOUND,
        lambda: moderation.flag_post(
            post=spam_answer, reporter=reporter, reason=Reason.SPAM
        ),
    )
    assert client.get("/forum/posts/999999/flag/").status_code == 404
    assert not Flag.objects.exists()


def test_bad_flag_input_is_a_form_error(client, spam_answer, reporter):
    client.force_login(reporter)
    response = client.post(flag_url(spam_answer), {"reason": "bogus"})
    assert response.status_code == 400
    assert str(errors.BAD_FLAG_REASON) in response.content.decode()
    response = client.post(
        flag_url(spam_answer), {"reason": Reason.OTHER, "details": "x" * 1001}
    )
    assert response.status_code == 400
    assert not Flag.objects.exists()


def test_flags_are_rate_limited_per_member(reporter):
    posts = [
        answer(thread=ThreadFactory(), author=MemberFactory(), body="Text")
        for _ in range(moderation.FLAGS_PER_HOUR + 1)
    ]
    for post in posts[:-1]:
        moderation.flag_post(post=post, reporter=reporter, reason=Reason.SPAM)
    refused(
        errors.FLAGGING_TOO_FAST % {"count": moderation.FLAGS_PER_HOUR},
        lambda: moderation.flag_post(
            post=posts[-1], reporter=reporter, reason=Reason.SPAM
        ),
    )
    Flag.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert moderation.flag_post(post=posts[-1], reporter=reporter, reason="spam")


# --- Races (PostgreSQL) -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_double_click_leaves_one_open_flag():
    needs_row_locks()
    post = answer(thread=ThreadFactory(), author=MemberFactory(), body="Spam")
    reporter = MemberFactory()
    outcomes = []

    def flag():
        try:
            moderation.flag_post(post=post, reporter=reporter, reason=Reason.SPAM)
            outcomes.append("flagged")
        except ForumError as error:
            outcomes.append(error.message)

    run_at_once(flag, times=2)
    assert sorted(map(str, outcomes)) == sorted(
        ["flagged", str(errors.ALREADY_FLAGGED)]
    )
    assert Flag.objects.count() == 1

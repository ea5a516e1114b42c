"""Following, who is notified, the notifications page, the header's count
and the digest email (forum.services.following, forum.notifications and
their pages, forum.notification_emails)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmailKind, EmailPreference
from core.jobs import registered_jobs
from core.tests.concurrency import needs_row_locks, run_at_once
from forum import notification_emails
from forum.context_processors import unread_notifications
from forum.models import Notification, Post, Subscription
from forum.services import following
from forum.services.moderation import hide_post
from forum.services.posting import answer, ask, reply
from forum.services.voting import accept_answer
from forum.tests.factories import ForumCategoryFactory, ThreadFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Kind = Notification.Kind
NOTIFICATIONS = "/forum/notifications/"


@pytest.fixture
def category():
    return ForumCategoryFactory(slug="databases")


@pytest.fixture
def asker():
    return MemberFactory(date_joined=timezone.now() - timedelta(days=30))


@pytest.fixture
def thread(category, asker):
    return ask(
        author=asker,
        category=category,
        title="Why is my JOIN so slow?",
        body="It takes ten seconds.",
    )


def kinds_for(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def answer_and_leave(thread, body: str, **author) -> Post:
    """An answer from someone who then stops following the thread, so
    only the people a test sets up are notified."""
    post = answer(thread=thread, author=MemberFactory(**author), body=body)
    following.unfollow_thread(user=post.author, thread=thread)
    return post


def follow_url(thread) -> str:
    return reverse("forum_follow_thread", kwargs={"thread_id": thread.pk})


# --- Following ----------------------------------------------------------------------


def test_following_and_unfollowing_a_thread_is_idempotent(client, thread):
    member = MemberFactory()
    client.force_login(member)
    for _ in range(2):
        response = client.post(follow_url(thread), {"action": "follow"})
        assert response.status_code == 302
        assert response["Location"] == thread.get_absolute_url()
    assert Subscription.objects.filter(user=member, thread=thread).count() == 1

    for _ in range(2):
        client.post(follow_url(thread), {"action": "unfollow"})
    assert not Subscription.objects.filter(user=member, thread=thread).exists()


def test_following_a_category_and_coming_back(client, category):
    member = MemberFactory()
    client.force_login(member)
    url = reverse("forum_follow_category", kwargs={"slug": category.slug})
    response = client.post(url, {"action": "follow", "next": "/forum/?page=2"})
    assert response["Location"] == "/forum/?page=2"
    following.follow_category(user=member, category=category)
    assert Subscription.objects.filter(user=member, category=category).count() == 1

    response = client.post(
        url, {"action": "unfollow", "next": "https://evil.example/phish"}
    )
    assert response["Location"] == "/forum/c/databases/"
    assert not Subscription.objects.filter(user=member, category=category).exists()


def test_follow_buttons_refuse_visitors_gets_bad_actions_and_hidden_threads(
    client, thread, category
):
    response = client.post(follow_url(thread))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(MemberFactory())
    assert client.get(follow_url(thread)).status_code == 405
    assert client.post(follow_url(thread), {"action": "spam"}).status_code == 404
    missing = reverse("forum_follow_category", kwargs={"slug": "nope"})
    assert client.post(missing).status_code == 404
    thread.is_hidden = True
    thread.save(update_fields=["is_hidden"])
    assert client.post(follow_url(thread)).status_code == 404
    assert Subscription.objects.filter(thread=thread).count() == 1  # the asker's


# --- Who is notified ----------------------------------------------------------------


def test_followers_hear_about_answers_but_never_the_author(thread, asker):
    follower = MemberFactory()
    following.follow_thread(user=follower, thread=thread)
    answerer = MemberFactory()
    answer(thread=thread, author=answerer, body="Add an index.")

    assert kinds_for(asker) == [Kind.ANSWER]
    assert kinds_for(follower) == [Kind.ANSWER]
    assert kinds_for(answerer) == []  # and they now follow the thread

    following.unfollow_thread(user=follower, thread=thread)
    answer(thread=thread, author=MemberFactory(), body="Or partition it.")
    assert kinds_for(follower) == [Kind.ANSWER]
    assert kinds_for(answerer) == [Kind.ANSWER]


def test_a_reply_tells_the_author_of_the_post_it_answers(thread, asker):
    answerer = MemberFactory()
    the_answer = answer(thread=thread, author=answerer, body="Add an index.")
    following.unfollow_thread(user=answerer, thread=thread)
    reply(parent=the_answer, author=asker, body="Which column?")
    assert kinds_for(answerer) == [Kind.REPLY]


def test_category_followers_hear_about_new_threads(category, asker):
    follower = MemberFactory()
    following.follow_category(user=follower, category=category)
    following.follow_category(user=asker, category=category)
    ForumCategoryFactory()  # another category's followers hear nothing
    thread = ask(
        author=asker, category=category, title="Is Postgres fast?", body="Well?"
    )
    assert kinds_for(follower) == [Kind.NEW_THREAD]
    assert Notification.objects.get(user=follower).thread == thread
    assert kinds_for(asker) == []


def test_an_accepted_answer_tells_its_author(thread, asker):
    answerer = MemberFactory()
    the_answer = answer(thread=thread, author=answerer, body="Add an index.")
    accept_answer(answer=the_answer, user=asker)
    assert kinds_for(answerer) == [Kind.ACCEPTED]


# --- The notifications page -----------------------------------------------------------


def test_the_page_lists_the_members_own_newest_first_and_marks_them_read(
    client, thread, asker
):
    first = answer(thread=thread, author=MemberFactory(), body="Add an index.")
    second = answer(thread=thread, author=MemberFactory(), body="Partition it.")
    someone_else = MemberFactory()
    following.follow_thread(user=someone_else, thread=thread)
    answer(thread=thread, author=MemberFactory(name="Grace Hopper"), body="Hmm")

    client.force_login(asker)
    html = client.get(NOTIFICATIONS).content.decode()
    url = thread.get_absolute_url()
    assert html.index(f"{url}#post-{second.pk}") < html.index(f"{url}#post-{first.pk}")
    assert html.count("inbox__item--unread") == 3
    assert "Grace Hopper answered “Why is my JOIN so slow?”" in html
    assert not Notification.objects.filter(user=asker, read_at=None).exists()
    assert Notification.objects.filter(user=someone_else, read_at=None).count() == 1

    again = client.get(NOTIFICATIONS).content.decode()
    assert "inbox__item--unread" not in again


def test_a_member_only_ever_sees_their_own(client, thread, asker):
    answer(thread=thread, author=MemberFactory(), body="A secret answer")
    client.force_login(MemberFactory())
    html = client.get(NOTIFICATIONS).content.decode()
    assert "Why is my JOIN so slow?" not in html
    assert "Nothing yet" in html
    assert Notification.objects.get(user=asker).read_at is None


def test_visitors_are_sent_to_log_in(client):
    response = client.get(NOTIFICATIONS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_notifications_about_hidden_or_deleted_posts_are_not_shown(
    client, thread, asker
):
    spam = answer(thread=thread, author=MemberFactory(), body="Buy pills")
    gone = answer(thread=thread, author=MemberFactory(), body="Oops")
    kept = answer(thread=thread, author=MemberFactory(), body="Add an index.")
    hide_post(post=spam, moderator=MemberFactory(is_staff=True), reason="Spam")
    Post.objects.filter(pk=gone.pk).update(deleted_at=timezone.now())

    client.force_login(asker)
    html = client.get(NOTIFICATIONS).content.decode()
    assert f"#post-{kept.pk}" in html
    assert f"#post-{spam.pk}" not in html and f"#post-{gone.pk}" not in html

    # The author of the hidden post is told, with the reason.
    client.force_login(spam.author)
    html = client.get(NOTIFICATIONS).content.decode()
    assert "Staff hid your post in “Why is my JOIN so slow?”" in html
    assert "Why: Spam" in html


def test_mark_all_read(client, thread, asker):
    answer(thread=thread, author=MemberFactory(), body="Add an index.")
    client.force_login(asker)
    response = client.post(NOTIFICATIONS)
    assert response.status_code == 302
    assert not Notification.objects.filter(user=asker, read_at=None).exists()


def test_the_page_is_paged_with_a_flat_query_count(
    client, thread, asker, django_assert_num_queries
):
    answer(thread=thread, author=MemberFactory(), body="One")
    client.force_login(asker)
    client.get(NOTIFICATIONS)
    Notification.objects.update(read_at=None)
    with CaptureQueriesContext(connection) as few:
        client.get(NOTIFICATIONS)
    for _ in range(40):
        answer(thread=thread, author=MemberFactory(), body="More")
    Notification.objects.update(read_at=None)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(NOTIFICATIONS).content.decode()
    assert html.count('class="inbox__item') == 30
    assert "Page 1 of 2" in html


# --- The header's count -----------------------------------------------------------


def test_the_header_shows_the_unread_count_accessibly(client, thread, asker):
    for body in ("One", "Two"):
        answer(thread=thread, author=MemberFactory(), body=body)
    client.force_login(asker)
    html = client.get(reverse("profile_edit")).content.decode()
    assert (
        'Notifications <span class="site-nav__count" aria-hidden="true">2</span>'
        '<span class="visually-hidden"> (2 unread forum notifications)</span>'
    ) in html
    client.get(NOTIFICATIONS)
    html = client.get(reverse("profile_edit")).content.decode()
    assert "unread forum notification" not in html


def test_the_header_count_is_one_query_and_only_for_members(
    thread, asker, django_assert_num_queries
):
    hidden = answer(thread=thread, author=MemberFactory(), body="Spam")
    answer(thread=thread, author=MemberFactory(), body="Fine")
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)
    request = RequestFactory().get("/")
    request.user = asker
    count = unread_notifications(request)["unread_forum_notification_count"]
    with django_assert_num_queries(1):
        assert count() == 1  # the hidden post's is not counted
        assert count() == 1

    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_notifications(request)["unread_forum_notification_count"]() == 0


# --- The digest email ---------------------------------------------------------------


def digest(on_commit, minutes: int) -> int:
    later = timezone.now() + timedelta(minutes=minutes)
    return on_commit(notification_emails.send_notification_digests, now=later)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(**kwargs)

    return run


def test_one_digest_per_member_after_the_delay_and_never_twice(
    thread, asker, on_commit, mailoutbox, settings
):
    settings.FORUM_NOTIFICATION_EMAIL_DELAY_MINUTES = 15
    follower = MemberFactory()
    following.follow_thread(user=follower, thread=thread)
    first = answer_and_leave(thread, "A", name="Grace Hopper")
    answer_and_leave(thread, "B")

    assert digest(on_commit, 5) == 0
    assert mailoutbox == []

    assert digest(on_commit, 16) == 2
    by_recipient = {email.to[0]: email for email in mailoutbox}
    email = by_recipient[asker.email]
    assert email.subject == "[MasteryHub] 2 new forum notifications on MasteryHub"
    assert f"{thread.get_absolute_url()}#post-{first.pk}" in email.body
    assert "New answer by Grace Hopper" in email.body
    assert "ten seconds" not in email.body  # the text stays on the site
    assert set(by_recipient) == {asker.email, follower.email}

    assert digest(on_commit, 60) == 0
    assert len(mailoutbox) == 2
    assert not Notification.objects.filter(emailed_at=None).exists()


def test_what_was_read_or_hidden_meanwhile_is_not_emailed(
    client, thread, asker, on_commit, mailoutbox
):
    spam = answer_and_leave(thread, "Buy pills")
    hide_post(post=spam, moderator=MemberFactory(is_staff=True), reason="Spam")
    mailoutbox.clear()  # the spammer's "your post was hidden"
    assert digest(on_commit, 60) == 0

    answer(thread=thread, author=MemberFactory(), body="Add an index.")
    client.force_login(asker)
    client.get(NOTIFICATIONS)
    assert digest(on_commit, 60) == 0
    assert mailoutbox == []
    # Settled, so the job does not look at them again.
    assert not Notification.objects.filter(emailed_at=None).exists()


def test_opted_out_members_get_no_digest(client, thread, asker, on_commit, mailoutbox):
    client.force_login(asker)
    response = client.post(reverse("forum_emails_setting"), {})
    assert response.status_code == 302
    answer_and_leave(thread, "Add an index.")
    assert digest(on_commit, 60) == 0
    assert mailoutbox == []

    client.post(reverse("forum_emails_setting"), {"emails_enabled": "on"})
    answer_and_leave(thread, "Partition it.")
    assert digest(on_commit, 60) == 1
    assert "1 new" not in mailoutbox[0].subject  # one item: named in the subject
    assert mailoutbox[0].subject == "[MasteryHub] New answer: Why is my JOIN so slow?"


def test_a_failed_run_sends_nothing_and_the_next_sends_once(
    thread, asker, on_commit, mailoutbox, monkeypatch
):
    follower = MemberFactory()
    following.follow_thread(user=follower, thread=thread)
    answer(thread=thread, author=MemberFactory(), body="Add an index.")
    real = notification_emails._queue_digest
    calls = []

    def fail_on_second(user, items):
        calls.append(user)
        if len(calls) == 2:
            raise RuntimeError("mail template broke")
        real(user, items)

    monkeypatch.setattr(notification_emails, "_queue_digest", fail_on_second)
    with pytest.raises(RuntimeError):
        digest(on_commit, 60)
    assert mailoutbox == []
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()

    monkeypatch.setattr(notification_emails, "_queue_digest", real)
    assert digest(on_commit, 60) == 2
    assert digest(on_commit, 60) == 0
    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        [asker.email, follower.email]
    )


def test_the_periodic_command_runs_the_digest(thread, asker, settings):
    settings.FORUM_NOTIFICATION_EMAIL_DELAY_MINUTES = 0
    answer(thread=thread, author=MemberFactory(), body="Add an index.")
    assert "email members their forum notifications" in registered_jobs()
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    call_command("run_periodic", job=["email members their forum notifications"])
    assert Notification.objects.get(user=asker).emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_digest_once(settings):
    needs_row_locks()
    settings.FORUM_NOTIFICATION_EMAIL_DELAY_MINUTES = 0
    asker = MemberFactory(date_joined=timezone.now() - timedelta(days=30))
    thread = ThreadFactory(author=asker)
    for _ in range(3):
        member = MemberFactory()
        following.follow_thread(user=member, thread=thread)
    following.follow_thread(user=asker, thread=thread)
    answer(thread=thread, author=MemberFactory(), body="Add an index.")
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    mail.outbox = []

    sent = run_at_once(notification_emails.send_notification_digests, times=3)

    assert sum(sent) == 4
    assert len(mail.outbox) == 4
    assert len({email.to[0] for email in mail.outbox}) == 4


# --- Unsubscribing --------------------------------------------------------------------


def unsubscribe_url(token: str) -> str:
    return reverse("forum_emails_unsubscribe", args=[token])


def test_the_email_carries_an_unsubscribe_link_that_works_signed_out(
    client, thread, asker, on_commit, mailoutbox
):
    answer(thread=thread, author=MemberFactory(), body="Add an index.")
    digest(on_commit, 60)
    link = next(
        line.split(": ", 1)[1]
        for line in mailoutbox[0].body.splitlines()
        if line.startswith("Stop emails")
    )
    path = link.removeprefix("http://127.0.0.1:8000").removeprefix("http://testserver")
    page = client.get(path)
    assert page.status_code == 200 and b"Stop these emails" in page.content
    assert not EmailPreference.objects.exists()  # a GET changes nothing

    client.post(path)
    assert (
        EmailPreference.objects.get(user=asker, kind=EmailKind.FORUM).enabled is False
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_unsubscribe_with_a_bad_token_is_400(client, asker, method):
    token = notification_emails.unsubscribe_token(asker)[:-2] + "xx"
    assert getattr(client, method)(unsubscribe_url(token)).status_code == 400
    assert not EmailPreference.objects.exists()
    assert notification_emails.user_id_from_unsubscribe_token("nonsense") is None


def test_the_thread_and_category_pages_offer_follow_or_unfollow(client):
    from forum.services.posting import ask
    from forum.tests.factories import ForumCategoryFactory
    from sessions.tests.factories import MemberFactory

    category = ForumCategoryFactory()
    asker = MemberFactory()
    thread = ask(author=asker, category=category, title="How to shard?", body="b")
    client.force_login(asker)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Unfollow this thread" in html  # asking follows it
    assert 'name="action" value="unfollow"' in html
    client.post(
        f"/forum/t/{thread.pk}/follow/",
        {"action": "unfollow", "next": thread.get_absolute_url()},
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Follow this thread" in html and "Unfollow" not in html
    html = client.get(f"/forum/c/{category.slug}/").content.decode()
    assert f"Follow {category.name}" in html

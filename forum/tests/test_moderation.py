"""Flags, the moderation queue and what moderators do (forum.services.
moderation, forum/moderation_admin.py), and who may."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from core.tests.concurrency import needs_row_locks, run_at_once
from forum import errors
from forum.errors import ForumError
from forum.models import Ban, Flag, Notification, Post, Reputation, Thread
from forum.services import moderation
from forum.services.posting import answer, ask, reply
from forum.services.voting import ACCEPTED_POINTS, accept_answer, vote
from forum.tests.factories import ForumCategoryFactory, ThreadFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Reason = Flag.Reason


@pytest.fixture
def staff():
    return MemberFactory(is_staff=True, is_superuser=True, username="moderator")


@pytest.fixture
def thread():
    return ThreadFactory(title="How do I index a big table? (1)")


@pytest.fixture
def an_answer(thread):
    return answer(thread=thread, author=MemberFactory(), body="Buy cheap pills here")


@pytest.fixture
def reporter():
    return MemberFactory()


def refused(message, action):
    with pytest.raises(ForumError) as caught:
        action()
    assert caught.value.message == message


def flag_url(post) -> str:
    return reverse("forum_flag", kwargs={"post_id": post.pk})


def post_action(post, action) -> str:
    return reverse("forum_moderation_post_action", args=[post.pk, action])


def thread_action(thread, action) -> str:
    return reverse("forum_moderation_thread_action", args=[thread.pk, action])


# --- Flags --------------------------------------------------------------------------


def test_a_member_flags_a_post_from_its_page(client, an_answer, reporter):
    client.force_login(reporter)
    page = client.get(flag_url(an_answer))
    assert page.status_code == 200
    assert "Buy cheap pills here" in page.content.decode()

    response = client.post(
        flag_url(an_answer), {"reason": Reason.SPAM, "details": "  Pill links  "}
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"{an_answer.thread.get_absolute_url()}#post-{an_answer.pk}"
    )
    flag = Flag.objects.get()
    assert (flag.post, flag.reporter, flag.reason, flag.details) == (
        an_answer,
        reporter,
        Reason.SPAM,
        "Pill links",
    )


def test_flagging_twice_says_already_flagged(client, an_answer, reporter):
    client.force_login(reporter)
    client.post(flag_url(an_answer), {"reason": Reason.SPAM})
    response = client.post(flag_url(an_answer), {"reason": Reason.RUDE})
    assert response.status_code == 409
    assert str(errors.ALREADY_FLAGGED) in response.content.decode()
    assert Flag.objects.count() == 1


def test_after_a_dismissal_the_member_may_flag_again(an_answer, reporter, staff):
    moderation.flag_post(post=an_answer, reporter=reporter, reason=Reason.SPAM)
    moderation.dismiss_flags(post=an_answer, moderator=staff)
    moderation.flag_post(post=an_answer, reporter=reporter, reason=Reason.RUDE)
    assert Flag.objects.filter(resolved_at=None).count() == 1


def test_own_posts_cannot_be_flagged(client, an_answer):
    client.force_login(an_answer.author)
    page = client.get(flag_url(an_answer))
    assert str(errors.FLAG_OWN_POST) in page.content.decode()
    assert b"Flag for moderators" not in page.content
    response = client.post(flag_url(an_answer), {"reason": Reason.SPAM})
    assert response.status_code == 403
    refused(
        errors.FLAG_OWN_POST,
        lambda: moderation.flag_post(
            post=an_answer, reporter=an_answer.author, reason=Reason.SPAM
        ),
    )
    assert not Flag.objects.exists()


def test_unverified_and_banned_members_cannot_flag(client, an_answer, reporter):
    unverified = MemberFactory(verified=False)
    client.force_login(unverified)
    response = client.post(flag_url(an_answer), {"reason": Reason.SPAM})
    assert response.status_code == 403
    assert str(errors.EMAIL_NOT_VERIFIED) in response.content.decode()

    Ban.objects.create(user=reporter, reason="flag abuse")
    refused(
        errors.BANNED % {"reason": "flag abuse"},
        lambda: moderation.flag_post(
            post=an_answer, reporter=reporter, reason=Reason.SPAM
        ),
    )
    assert not Flag.objects.exists()


def test_visitors_are_sent_to_log_in(client, an_answer):
    response = client.get(flag_url(an_answer))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_posts_nobody_may_see_cannot_be_flagged(client, thread, an_answer, reporter):
    client.force_login(reporter)
    Post.objects.filter(pk=an_answer.pk).update(is_hidden=True)
    assert client.get(flag_url(an_answer)).status_code == 404
    Post.objects.filter(pk=an_answer.pk).update(
        is_hidden=False, deleted_at=timezone.now()
    )
    assert client.post(flag_url(an_answer), {"reason": "spam"}).status_code == 404
    Post.objects.filter(pk=an_answer.pk).update(deleted_at=None)
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    assert client.get(flag_url(an_answer)).status_code == 404
    refused(
        errors.NOT_FOUND,
        lambda: moderation.flag_post(
            post=an_answer, reporter=reporter, reason=Reason.SPAM
        ),
    )
    assert client.get("/forum/posts/999999/flag/").status_code == 404
    assert not Flag.objects.exists()


def test_bad_flag_input_is_a_form_error(client, an_answer, reporter):
    client.force_login(reporter)
    response = client.post(flag_url(an_answer), {"reason": "bogus"})
    assert response.status_code == 400
    assert str(errors.BAD_FLAG_REASON) in response.content.decode()
    response = client.post(
        flag_url(an_answer), {"reason": Reason.OTHER, "details": "x" * 1001}
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


# --- Moderator actions ----------------------------------------------------------------


def test_hiding_a_post_settles_its_flags_recounts_and_tells_the_author(
    thread,
    an_answer,
    reporter,
    staff,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    other = answer(thread=thread, author=MemberFactory(), body="Use an index.")
    moderation.flag_post(post=an_answer, reporter=reporter, reason=Reason.SPAM)
    moderation.flag_post(post=an_answer, reporter=MemberFactory(), reason="rude")
    assert Thread.objects.get(pk=thread.pk).answer_count == 2

    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_post(post=an_answer, moderator=staff, reason="  Spam links ")

    an_answer.refresh_from_db()
    assert an_answer.is_hidden and an_answer.hidden_reason == "Spam links"
    assert Thread.objects.get(pk=thread.pk).answer_count == 1
    flags = Flag.objects.all()
    assert {(f.outcome, f.resolved_by_id) for f in flags} == {
        (Flag.Outcome.HIDDEN, staff.pk)
    }
    assert all(f.resolved_at for f in flags)
    note = Notification.objects.get(user=an_answer.author, kind="hidden")
    assert note.emailed_at is not None
    [email] = mailoutbox
    assert email.to == [an_answer.author.email]
    assert "Spam links" in email.body
    assert "Buy cheap pills here" in email.body
    entry = ModelLogEntry.objects.get(action="forum.hide_post")
    assert (entry.user, entry.object_id, entry.data) == (
        staff,
        str(an_answer.pk),
        {"reason": "Spam links"},
    )
    assert other.pk  # the other answer still counts


def test_hiding_the_accepted_answer_unaccepts_it_and_takes_back_the_points(
    thread, an_answer, staff
):
    accept_answer(answer=an_answer, user=thread.author)
    reputation = Reputation.objects.get(user=an_answer.author)
    assert (reputation.points, reputation.accepted_answers) == (ACCEPTED_POINTS, 1)

    moderation.hide_post(post=an_answer, moderator=staff, reason="Wrong and rude")

    thread.refresh_from_db()
    assert thread.accepted_answer is None
    reputation.refresh_from_db()
    assert (reputation.points, reputation.accepted_answers) == (0, 0)

    # Restoring shows it again, unaccepted: the asker decides again.
    moderation.restore_post(post=an_answer, moderator=staff)
    thread.refresh_from_db()
    assert thread.accepted_answer is None
    assert thread.answer_count == 1
    assert not Post.objects.get(pk=an_answer.pk).is_hidden
    reputation.refresh_from_db()
    assert reputation.points == 0


def test_hiding_a_reply_leaves_the_answer_count(thread, an_answer, staff):
    a_reply = reply(parent=an_answer, author=MemberFactory(), body="Thanks")
    moderation.hide_post(post=a_reply, moderator=staff, reason="Off topic")
    assert Thread.objects.get(pk=thread.pk).answer_count == 1


def test_a_post_is_hidden_once_and_a_reason_is_needed(an_answer, staff):
    refused(
        errors.REASON_NEEDED,
        lambda: moderation.hide_post(post=an_answer, moderator=staff, reason="  "),
    )
    refused(
        errors.REASON_TOO_LONG % {"max": "1,000"},
        lambda: moderation.hide_post(
            post=an_answer, moderator=staff, reason="x" * 1001
        ),
    )
    moderation.hide_post(post=an_answer, moderator=staff, reason="Spam")
    refused(
        errors.ALREADY_HIDDEN,
        lambda: moderation.hide_post(post=an_answer, moderator=staff, reason="Spam"),
    )
    moderation.restore_post(post=an_answer, moderator=staff)
    refused(
        errors.NOT_HIDDEN,
        lambda: moderation.restore_post(post=an_answer, moderator=staff),
    )


def test_dismissing_closes_the_flags_and_leaves_the_post(an_answer, reporter, staff):
    moderation.flag_post(post=an_answer, reporter=reporter, reason=Reason.OFF_TOPIC)
    assert moderation.dismiss_flags(post=an_answer, moderator=staff) == 1
    flag = Flag.objects.get()
    assert flag.outcome == Flag.Outcome.DISMISSED and flag.resolved_by == staff
    assert not Post.objects.get(pk=an_answer.pk).is_hidden
    refused(
        errors.NO_OPEN_FLAGS,
        lambda: moderation.dismiss_flags(post=an_answer, moderator=staff),
    )


def test_hiding_and_restoring_a_whole_thread(
    thread, reporter, staff, django_capture_on_commit_callbacks, mailoutbox
):
    opening = thread.posts.get()
    moderation.flag_post(post=opening, reporter=reporter, reason=Reason.SPAM)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_thread(thread=thread, moderator=staff, reason="Advert")
    thread.refresh_from_db()
    assert thread.is_hidden
    assert Flag.objects.get().outcome == Flag.Outcome.HIDDEN
    assert mailoutbox[0].subject == "Your forum thread was hidden by staff"
    assert "Advert" in mailoutbox[0].body
    # Nobody posts into it any more.
    refused(
        errors.NOT_FOUND,
        lambda: answer(thread=thread, author=MemberFactory(), body="Hi"),
    )

    moderation.restore_thread(thread=thread, moderator=staff)
    thread.refresh_from_db()
    assert not thread.is_hidden
    assert answer(thread=thread, author=MemberFactory(), body="Back again")


def test_locking_and_moving_a_thread(thread, an_answer, staff):
    moderation.set_thread_locked(thread=thread, moderator=staff, locked=True)
    refused(
        errors.THREAD_LOCKED,
        lambda: answer(thread=thread, author=MemberFactory(), body="More"),
    )
    refused(
        errors.THREAD_LOCKED,
        lambda: vote(post=an_answer, voter=MemberFactory(), value=1),
    )
    moderation.set_thread_locked(thread=thread, moderator=staff, locked=False)
    assert answer(thread=thread, author=MemberFactory(), body="More")

    elsewhere = ForumCategoryFactory()
    moderation.move_thread(thread=thread, moderator=staff, category=elsewhere)
    assert Thread.objects.get(pk=thread.pk).category == elsewhere
    refused(
        errors.ALREADY_IN_CATEGORY,
        lambda: moderation.move_thread(
            thread=thread, moderator=staff, category=elsewhere
        ),
    )
    assert set(ModelLogEntry.objects.values_list("action", flat=True)) >= {
        "forum.lock_thread",
        "forum.unlock_thread",
        "forum.move_thread",
    }


def test_banned_members_cannot_post_vote_or_flag_until_unbanned(
    thread, an_answer, staff
):
    member = MemberFactory(date_joined=timezone.now() - timedelta(days=30))
    until = timezone.now() + timedelta(days=7)
    moderation.ban_member(member=member, moderator=staff, reason="Spam", until=until)
    banned = errors.BANNED % {"reason": "Spam"}
    refused(banned, lambda: answer(thread=thread, author=member, body="Hi"))
    refused(
        banned,
        lambda: ask(
            author=member, category=thread.category, title="A long title", body="b"
        ),
    )
    refused(banned, lambda: vote(post=an_answer, voter=member, value=1))
    refused(
        banned,
        lambda: moderation.flag_post(post=an_answer, reporter=member, reason="spam"),
    )
    assert Ban.objects.get(user=member).banned_by == staff

    moderation.unban_member(member=member, moderator=staff)
    assert answer(thread=thread, author=member, body="Hello again")
    refused(
        errors.NOT_BANNED,
        lambda: moderation.unban_member(member=member, moderator=staff),
    )


def test_bans_need_a_reason_a_future_end_and_spare_moderators(staff):
    member = MemberFactory()
    refused(
        errors.REASON_NEEDED,
        lambda: moderation.ban_member(member=member, moderator=staff, reason=""),
    )
    refused(
        errors.BAN_END_IN_PAST,
        lambda: moderation.ban_member(
            member=member,
            moderator=staff,
            reason="Spam",
            until=timezone.now() - timedelta(minutes=1),
        ),
    )
    refused(
        errors.CANNOT_BAN_STAFF,
        lambda: moderation.ban_member(
            member=MemberFactory(is_staff=True), moderator=staff, reason="Spam"
        ),
    )
    assert not Ban.objects.exists()


def test_members_cannot_moderate_through_the_services(thread, an_answer):
    member = MemberFactory()
    category = ForumCategoryFactory()
    for action in (
        lambda: moderation.hide_post(post=an_answer, moderator=member, reason="x"),
        lambda: moderation.restore_post(post=an_answer, moderator=member),
        lambda: moderation.dismiss_flags(post=an_answer, moderator=member),
        lambda: moderation.hide_thread(thread=thread, moderator=member, reason="x"),
        lambda: moderation.restore_thread(thread=thread, moderator=member),
        lambda: moderation.set_thread_locked(
            thread=thread, moderator=member, locked=True
        ),
        lambda: moderation.move_thread(
            thread=thread, moderator=member, category=category
        ),
        lambda: moderation.ban_member(
            member=an_answer.author, moderator=member, reason="x"
        ),
        lambda: moderation.unban_member(member=an_answer.author, moderator=member),
    ):
        refused(errors.NOT_A_MODERATOR, action)
    thread.refresh_from_db()
    assert not (thread.is_hidden or thread.is_locked)
    assert not Post.objects.filter(is_hidden=True).exists()


def test_a_moderators_group_may_moderate_without_being_staff(an_answer):
    group = Group.objects.create(name="Forum moderators")
    group.permissions.add(Permission.objects.get(codename="moderate"))
    moderator = MemberFactory()
    moderator.groups.add(group)
    moderation.hide_post(post=an_answer, moderator=moderator, reason="Spam")
    assert Post.objects.get(pk=an_answer.pk).is_hidden


# --- The queue in the admin ---------------------------------------------------------


QUEUE = "/admin/forum/moderation/"


def test_staff_see_flags_grouped_by_post_with_reasons_and_the_author(
    client, an_answer, staff
):
    for reason in (Reason.SPAM, Reason.SPAM, Reason.RUDE):
        moderation.flag_post(post=an_answer, reporter=MemberFactory(), reason=reason)
    Post.objects.filter(pk=an_answer.pk).update(body="<b>Buy</b> pills")
    Ban.objects.create(user=an_answer.author, reason="Earlier spam")
    client.force_login(staff)
    html = client.get(QUEUE).content.decode()
    assert html.count('class="forum-flagged"') == 1
    assert "3 open flags" in html
    assert "Spam or advertising (2), Rude or abusive (1)" in html
    assert "&lt;b&gt;Buy&lt;/b&gt; pills" in html
    assert "1 post" in html and "banned" in html
    assert an_answer.thread.title in html


def test_the_queue_orders_by_newest_or_most_flagged(client, thread, staff):
    busy = answer(thread=thread, author=MemberFactory(), body="Busy post")
    recent = answer(thread=thread, author=MemberFactory(), body="Recent post")
    for _ in range(3):
        moderation.flag_post(post=busy, reporter=MemberFactory(), reason="spam")
    moderation.flag_post(post=recent, reporter=MemberFactory(), reason="spam")
    client.force_login(staff)
    newest = client.get(QUEUE).content.decode()
    assert newest.index("Recent post") < newest.index("Busy post")
    most = client.get(QUEUE + "?order=most").content.decode()
    assert most.index("Busy post") < most.index("Recent post")


def test_the_queue_query_count_is_flat(
    client, thread, staff, django_assert_num_queries
):
    def flag_new_post():
        post = answer(thread=thread, author=MemberFactory(), body="Flag me")
        moderation.flag_post(post=post, reporter=MemberFactory(), reason="spam")
        moderation.flag_post(post=post, reporter=MemberFactory(), reason="rude")

    flag_new_post()
    client.force_login(staff)
    client.get(QUEUE)  # warm Wagtail's per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for _ in range(6):
        flag_new_post()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    assert response.content.decode().count('class="forum-flagged"') == 7


def test_staff_act_from_the_admin(client, thread, an_answer, reporter, staff):
    moderation.flag_post(post=an_answer, reporter=reporter, reason="spam")
    client.force_login(staff)
    response = client.post(
        post_action(an_answer, "hide"), {"reason": "Spam", "next": QUEUE}
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert Post.objects.get(pk=an_answer.pk).is_hidden
    assert "Buy cheap pills" in client.get(QUEUE + "hidden/").content.decode()
    client.post(post_action(an_answer, "restore"))
    assert not Post.objects.get(pk=an_answer.pk).is_hidden
    assert client.post(post_action(an_answer, "explode")).status_code == 404
    assert client.get(post_action(an_answer, "restore")).status_code == 405

    thread_page = reverse("forum_moderation_thread", args=[thread.pk])
    assert client.get(thread_page).status_code == 200
    client.post(thread_action(thread, "lock"))
    assert Thread.objects.get(pk=thread.pk).is_locked
    elsewhere = ForumCategoryFactory()
    client.post(thread_action(thread, "move"), {"category": elsewhere.pk})
    assert Thread.objects.get(pk=thread.pk).category == elsewhere
    client.post(thread_action(thread, "hide"), {"reason": "Advert"})
    assert Thread.objects.get(pk=thread.pk).is_hidden

    member = an_answer.author
    ban_page = reverse("forum_moderation_ban", args=[member.pk])
    response = client.post(ban_page, {"reason": "Spam", "until": ""})
    assert response.status_code == 302
    assert Ban.objects.get(user=member).until is None
    assert str(member) in client.get(QUEUE + "bans/").content.decode()
    client.post(reverse("forum_moderation_member_action", args=[member.pk, "unban"]))
    assert not Ban.objects.filter(user=member).exists()


def test_a_refused_admin_action_says_why(client, an_answer, staff):
    client.force_login(staff)
    response = client.post(post_action(an_answer, "hide"), {"reason": ""}, follow=True)
    assert str(errors.REASON_NEEDED) in response.content.decode()
    assert not Post.objects.get(pk=an_answer.pk).is_hidden
    ban_page = reverse("forum_moderation_ban", args=[an_answer.author_id])
    response = client.post(ban_page, {"reason": "Spam", "until": "2000-01-01"})
    assert response.status_code == 400
    assert str(errors.BAN_END_IN_PAST) in response.content.decode()


def test_members_cannot_reach_the_queue_or_act(client, thread, an_answer, reporter):
    from experts.tests.factories import GroupExpertFactory

    moderation.flag_post(post=an_answer, reporter=reporter, reason="spam")
    client.force_login(GroupExpertFactory())  # may use the admin, is not staff
    for url in (
        QUEUE,
        QUEUE + "hidden/",
        QUEUE + "bans/",
        reverse("forum_moderation_thread", args=[thread.pk]),
        reverse("forum_moderation_ban", args=[an_answer.author_id]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Buy cheap pills" not in response.content
    assert b"Forum moderation" not in client.get("/admin/").content
    for url, data in (
        (post_action(an_answer, "hide"), {"reason": "x"}),
        (thread_action(thread, "lock"), {}),
        (reverse("forum_moderation_ban", args=[an_answer.author_id]), {"reason": "x"}),
    ):
        assert client.post(url, data).status_code in (302, 403), url
    assert not Post.objects.filter(is_hidden=True).exists()
    assert not Thread.objects.get(pk=thread.pk).is_locked
    assert not Ban.objects.exists()

    client.force_login(reporter)  # no admin access at all
    assert client.get(QUEUE).status_code in (302, 403)
    client.post(post_action(an_answer, "hide"), {"reason": "x"})
    assert not Post.objects.filter(is_hidden=True).exists()


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


@pytest.mark.django_db(transaction=True)
def test_hiding_while_the_asker_accepts_leaves_no_points_for_a_hidden_answer():
    needs_row_locks()
    thread = ThreadFactory()
    post = answer(thread=thread, author=MemberFactory(), body="Spam")
    staff = MemberFactory(is_staff=True)

    def accept():
        try:
            accept_answer(answer=post, user=thread.author)
        except ForumError:
            pass  # hidden first: nothing to accept

    def hide():
        moderation.hide_post(post=post, moderator=staff, reason="Spam")

    actions = iter([accept, hide])
    run_at_once(lambda: next(actions)(), times=2)
    thread.refresh_from_db()
    assert thread.accepted_answer is None
    reputation = Reputation.objects.filter(user=post.author).first()
    assert reputation is None or (reputation.points, reputation.accepted_answers) == (
        0,
        0,
    )

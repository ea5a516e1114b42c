"""What moderators do (forum.services.moderation) and who may: hide and
restore posts and threads, dismiss flags, lock, move, ban."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
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


def refused(message, action):
    with pytest.raises(ForumError) as caught:
        action()
    assert caught.value.message == message


# --- Moderator actions ----------------------------------------------------------------


def test_hiding_a_post_settles_its_flags_recounts_and_tells_the_author(
    thread,
    spam_answer,
    reporter,
    staff,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    other = answer(thread=thread, author=MemberFactory(), body="Use an index.")
    moderation.flag_post(post=spam_answer, reporter=reporter, reason=Reason.SPAM)
    moderation.flag_post(post=spam_answer, reporter=MemberFactory(), reason="rude")
    assert Thread.objects.get(pk=thread.pk).answer_count == 2

    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_post(post=spam_answer, moderator=staff, reason="  Spam links ")

    spam_answer.refresh_from_db()
    assert spam_answer.is_hidden and spam_answer.hidden_reason == "Spam links"
    assert Thread.objects.get(pk=thread.pk).answer_count == 1
    flags = Flag.objects.all()
    assert {(f.outcome, f.resolved_by_id) for f in flags} == {
        (Flag.Outcome.HIDDEN, staff.pk)
    }
    assert all(f.resolved_at for f in flags)
    note = Notification.objects.get(user=spam_answer.author, kind="hidden")
    assert note.emailed_at is not None
    [email] = mailoutbox
    assert email.to == [spam_answer.author.email]
    assert "Spam links" in email.body
    assert "Buy cheap pills here" in email.body
    entry = ModelLogEntry.objects.get(action="forum.hide_post")
    assert (entry.user, entry.object_id, entry.data) == (
        staff,
        str(spam_answer.pk),
        {"reason": "Spam links"},
    )
    assert other.pk  # the other answer still counts


def test_hiding_the_accepted_answer_unaccepts_it_and_takes_back_the_points(
    thread, spam_answer, staff
):
    accept_answer(answer=spam_answer, user=thread.author)
    reputation = Reputation.objects.get(user=spam_answer.author)
    assert (reputation.points, reputation.accepted_answers) == (ACCEPTED_POINTS, 1)

    moderation.hide_post(post=spam_answer, moderator=staff, reason="Wrong and rude")

    thread.refresh_from_db()
    assert thread.accepted_answer is None
    reputation.refresh_from_db()
    assert (reputation.points, reputation.accepted_answers) == (0, 0)

    # Restoring shows it again, unaccepted: the asker decides again.
    moderation.restore_post(post=spam_answer, moderator=staff)
    thread.refresh_from_db()
    assert thread.accepted_answer is None
    assert thread.answer_count == 1
    assert not Post.objects.get(pk=spam_answer.pk).is_hidden
    reputation.refresh_from_db()
    assert reputation.points == 0


def test_hiding_a_reply_leaves_the_answer_count(thread, spam_answer, staff):
    a_reply = reply(parent=spam_answer, author=MemberFactory(), body="Thanks")
    moderation.hide_post(post=a_reply, moderator=staff, reason="Off topic")
    assert Thread.objects.get(pk=thread.pk).answer_count == 1


def test_a_post_is_hidden_once_and_a_reason_is_needed(spam_answer, staff):
    refused(
        errors.REASON_NEEDED,
        lambda: moderation.hide_post(post=spam_answer, moderator=staff, reason="  "),
    )
    refused(
        errors.REASON_TOO_LONG % {"max": "1,000"},
        lambda: moderation.hide_post(
            post=spam_answer, moderator=staff, reason="x" * 1001
        ),
    )
    moderation.hide_post(post=spam_answer, moderator=staff, reason="Spam")
    refused(
        errors.ALREADY_HIDDEN,
        lambda: moderation.hide_post(post=spam_answer, moderator=staff, reason="Spam"),
    )
    moderation.restore_post(post=spam_answer, moderator=staff)
    refused(
        errors.NOT_HIDDEN,
        lambda: moderation.restore_post(post=spam_answer, moderator=staff),
    )


def test_dismissing_closes_the_flags_and_leaves_the_post(spam_answer, reporter, staff):
    moderation.flag_post(post=spam_answer, reporter=reporter, reason=Reason.OFF_TOPIC)
    assert moderation.dismiss_flags(post=spam_answer, moderator=staff) == 1
    flag = Flag.objects.get()
    assert flag.outcome == Flag.Outcome.DISMISSED and flag.resolved_by == staff
    assert not Post.objects.get(pk=spam_answer.pk).is_hidden
    refused(
        errors.NO_OPEN_FLAGS,
        lambda: moderation.dismiss_flags(post=spam_answer, moderator=staff),
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
    assert mailoutbox[0].subject == "[MasteryHub] Your forum thread was hidden by staff"
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


def test_locking_and_moving_a_thread(thread, spam_answer, staff):
    moderation.set_thread_locked(thread=thread, moderator=staff, locked=True)
    refused(
        errors.THREAD_LOCKED,
        lambda: answer(thread=thread, author=MemberFactory(), body="More"),
    )
    refused(
        errors.THREAD_LOCKED,
        lambda: vote(post=spam_answer, voter=MemberFactory(), value=1),
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
    thread, spam_answer, staff
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
    refused(banned, lambda: vote(post=spam_answer, voter=member, value=1))
    refused(
        banned,
        lambda: moderation.flag_post(post=spam_answer, reporter=member, reason="spam"),
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


def test_members_cannot_moderate_through_the_services(thread, spam_answer):
    member = MemberFactory()
    category = ForumCategoryFactory()
    for action in (
        lambda: moderation.hide_post(post=spam_answer, moderator=member, reason="x"),
        lambda: moderation.restore_post(post=spam_answer, moderator=member),
        lambda: moderation.dismiss_flags(post=spam_answer, moderator=member),
        lambda: moderation.hide_thread(thread=thread, moderator=member, reason="x"),
        lambda: moderation.restore_thread(thread=thread, moderator=member),
        lambda: moderation.set_thread_locked(
            thread=thread, moderator=member, locked=True
        ),
        lambda: moderation.move_thread(
            thread=thread, moderator=member, category=category
        ),
        lambda: moderation.ban_member(
            member=spam_answer.author, moderator=member, reason="x"
        ),
        lambda: moderation.unban_member(member=spam_answer.author, moderator=member),
    ):
        refused(errors.NOT_A_MODERATOR, action)
    thread.refresh_from_db()
    assert not (thread.is_hidden or thread.is_locked)
    assert not Post.objects.filter(is_hidden=True).exists()


def test_a_moderators_group_may_moderate_without_being_staff(spam_answer):
    group = Group.objects.create(name="Forum moderators")
    group.permissions.add(Permission.objects.get(codename="moderate"))
    moderator = MemberFactory()
    moderator.groups.add(group)
    moderation.hide_post(post=spam_answer, moderator=moderator, reason="Spam")
    assert Post.objects.get(pk=spam_answer.pk).is_hidden


# --- Races (PostgreSQL) -------------------------------------------------------------


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

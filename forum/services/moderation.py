"""Flags from members, and what moderators do about them: hide or restore
a post or a thread, dismiss flags, lock, move, ban.

Every moderator action checks `can_moderate` itself (a view forgetting to
is not a hole), is one transaction, locks the thread row before its posts
(the order posting and voting use), and is logged in Wagtail's audit log.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from accounts.models import User
from core.page_cache_purge import purge_after_commit
from forum import errors, notifications
from forum.errors import ForumError
from forum.models import REASON_MAX_LENGTH, Ban, Category, Flag, Post, Thread
from forum.moderation_permissions import can_moderate
from forum.rules import participation_problem
from forum.services.posting import count_answers

# Voting's own bookkeeping for accepted answers, so hiding one takes back
# exactly what accepting gave.
from forum.services.voting import ACCEPTED_POINTS, add_reputation

# A member flagging more than this in an hour is more likely abusing flags
# than finding that much abuse.
FLAGS_PER_HOUR = 10


# --- Flags ---------------------------------------------------------------------------


def _visible_post(post_id: int) -> Post | None:
    """The post as a member sees it: neither it nor its thread hidden or
    deleted."""
    post = Post.objects.select_related("thread").filter(pk=post_id).first()
    if post is None or not post.is_visible:
        return None
    if post.thread.is_hidden or post.thread.deleted_at is not None:
        return None
    return post


@transaction.atomic
def flag_post(*, post: Post, reporter: User, reason: str, details: str = "") -> Flag:
    problem = participation_problem(reporter)
    if problem:
        raise ForumError(problem)
    if reason not in Flag.Reason.values:
        raise ForumError(errors.BAD_FLAG_REASON)
    details = (details or "").strip()
    if len(details) > REASON_MAX_LENGTH:
        raise ForumError(
            errors.FLAG_DETAILS_TOO_LONG % {"max": f"{REASON_MAX_LENGTH:,}"}
        )
    post = _visible_post(post.pk)
    if post is None:
        raise ForumError(errors.NOT_FOUND)
    if post.author_id == reporter.pk:
        raise ForumError(errors.FLAG_OWN_POST)
    if Flag.objects.filter(post=post, reporter=reporter, resolved_at=None).exists():
        raise ForumError(errors.ALREADY_FLAGGED)
    recent = Flag.objects.filter(
        reporter=reporter, created_at__gt=timezone.now() - timedelta(hours=1)
    )
    if recent.count() >= FLAGS_PER_HOUR:
        raise ForumError(errors.FLAGGING_TOO_FAST % {"count": FLAGS_PER_HOUR})
    try:
        # A savepoint: the unique constraint settles two flags racing.
        with transaction.atomic():
            return Flag.objects.create(
                post=post, reporter=reporter, reason=reason, details=details
            )
    except IntegrityError:
        raise ForumError(errors.ALREADY_FLAGGED) from None


def _resolve_flags(post: Post, moderator: User, outcome: str) -> int:
    return Flag.objects.filter(post=post, resolved_at=None).update(
        resolved_at=timezone.now(), resolved_by=moderator, outcome=outcome
    )


# --- Moderator actions ---------------------------------------------------------------


def _check_moderator(user: User) -> None:
    if not can_moderate(user):
        raise ForumError(errors.NOT_A_MODERATOR)


def _reason(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ForumError(errors.REASON_NEEDED)
    if len(value) > REASON_MAX_LENGTH:
        raise ForumError(errors.REASON_TOO_LONG % {"max": f"{REASON_MAX_LENGTH:,}"})
    return value


def _lock(thread_id: int) -> Thread:
    # Not posting.lock_thread: moderators also act on hidden threads.
    thread = Thread.objects.select_for_update().filter(pk=thread_id).first()
    if thread is None:
        raise ForumError(errors.NOT_FOUND)
    return thread


def _lock_post(post: Post) -> tuple[Thread, Post]:
    thread = _lock(post.thread_id)
    return thread, Post.objects.select_for_update().get(pk=post.pk)


def _recount(thread: Thread) -> None:
    thread.answer_count = count_answers(thread)
    thread.save(update_fields=["answer_count"])


@transaction.atomic
def hide_post(*, post: Post, moderator: User, reason: str) -> Post:
    """Hide a post from everyone; its open flags are settled, the thread's
    counts follow, an accepted answer loses the mark (and its author the
    points), and the author is told why."""
    _check_moderator(moderator)
    reason = _reason(reason)
    thread, post = _lock_post(post)
    if post.is_hidden:
        raise ForumError(errors.ALREADY_HIDDEN)
    post.is_hidden = True
    post.hidden_reason = reason
    post.save(update_fields=["is_hidden", "hidden_reason"])
    _resolve_flags(post, moderator, Flag.Outcome.HIDDEN)
    if thread.accepted_answer_id == post.pk:
        thread.accepted_answer = None
        thread.save(update_fields=["accepted_answer"])
        add_reputation(post.author_id, points=-ACCEPTED_POINTS, accepted=-1)
    if post.is_answer:
        _recount(thread)
    notifications.hidden(post, thread=thread, reason=reason)
    # Gone for visitors at once, not after the page cache's minute.
    purge_after_commit()
    log(post, "forum.hide_post", user=moderator, data={"reason": reason})
    return post


@transaction.atomic
def restore_post(*, post: Post, moderator: User) -> Post:
    """Show a hidden post again. An answer that was accepted stays
    unaccepted: the asker decides again."""
    _check_moderator(moderator)
    thread, post = _lock_post(post)
    if not post.is_hidden:
        raise ForumError(errors.NOT_HIDDEN)
    post.is_hidden = False
    post.hidden_reason = ""
    post.save(update_fields=["is_hidden", "hidden_reason"])
    if post.is_answer:
        _recount(thread)
    log(post, "forum.restore_post", user=moderator)
    return post


@transaction.atomic
def dismiss_flags(*, post: Post, moderator: User) -> int:
    """Nothing wrong with the post: its open flags are closed; how many."""
    _check_moderator(moderator)
    _thread, post = _lock_post(post)
    dismissed = _resolve_flags(post, moderator, Flag.Outcome.DISMISSED)
    if not dismissed:
        raise ForumError(errors.NO_OPEN_FLAGS)
    log(post, "forum.dismiss_flags", user=moderator, data={"flags": dismissed})
    return dismissed


@transaction.atomic
def hide_thread(*, thread: Thread, moderator: User, reason: str) -> Thread:
    """Hide a whole thread (listings, its page, notifications); the flags
    on its question are settled and its author is told why."""
    _check_moderator(moderator)
    reason = _reason(reason)
    thread = _lock(thread.pk)
    if thread.is_hidden:
        raise ForumError(errors.ALREADY_HIDDEN)
    thread.is_hidden = True
    thread.save(update_fields=["is_hidden"])
    opening = Post.objects.select_for_update().filter(thread=thread, is_opening=True)
    opening = opening.first()
    if opening is not None:
        _resolve_flags(opening, moderator, Flag.Outcome.HIDDEN)
        notifications.hidden(opening, thread=thread, reason=reason)
    purge_after_commit()
    log(thread, "forum.hide_thread", user=moderator, data={"reason": reason})
    return thread


@transaction.atomic
def restore_thread(*, thread: Thread, moderator: User) -> Thread:
    _check_moderator(moderator)
    thread = _lock(thread.pk)
    if not thread.is_hidden:
        raise ForumError(errors.NOT_HIDDEN)
    thread.is_hidden = False
    thread.save(update_fields=["is_hidden"])
    log(thread, "forum.restore_thread", user=moderator)
    return thread


@transaction.atomic
def set_thread_locked(*, thread: Thread, moderator: User, locked: bool) -> Thread:
    """A locked thread stays readable but takes no posts or votes."""
    _check_moderator(moderator)
    thread = _lock(thread.pk)
    if thread.is_locked != locked:
        thread.is_locked = locked
        thread.save(update_fields=["is_locked"])
        action = "forum.lock_thread" if locked else "forum.unlock_thread"
        log(thread, action, user=moderator)
    return thread


@transaction.atomic
def move_thread(*, thread: Thread, moderator: User, category: Category) -> Thread:
    _check_moderator(moderator)
    thread = _lock(thread.pk)
    if thread.category_id == category.pk:
        raise ForumError(errors.ALREADY_IN_CATEGORY)
    before = thread.category_id
    thread.category = category
    thread.save(update_fields=["category"])
    log(
        thread,
        "forum.move_thread",
        user=moderator,
        data={"from": before, "to": category.pk},
    )
    return thread


@transaction.atomic
def ban_member(
    *, member: User, moderator: User, reason: str, until: datetime | None = None
) -> Ban:
    """Bar a member from posting, voting and flagging, until a date or for
    good; banning again replaces the reason and the end."""
    _check_moderator(moderator)
    reason = _reason(reason)
    if can_moderate(member):
        raise ForumError(errors.CANNOT_BAN_STAFF)
    if until is not None and until <= timezone.now():
        raise ForumError(errors.BAN_END_IN_PAST)
    ban, _ = Ban.objects.update_or_create(
        user=member,
        defaults={
            "reason": reason,
            "until": until,
            "banned_by": moderator,
            "created_at": timezone.now(),
        },
    )
    data = {"reason": reason, "until": until.isoformat() if until else None}
    log(member, "forum.ban", user=moderator, data=data)
    return ban


@transaction.atomic
def unban_member(*, member: User, moderator: User) -> None:
    _check_moderator(moderator)
    deleted, _ = Ban.objects.filter(user=member).delete()
    if not deleted:
        raise ForumError(errors.NOT_BANNED)
    log(member, "forum.unban", user=moderator)

"""Who may post, vote and flag, and how fast: asked by the services (which
refuse) and by the pages (which say so before showing a form).

Limits are counted from the database, so they hold across processes and
survive restarts; no cache has to agree with another."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from accounts.selectors import has_verified_email
from forum import errors
from forum.errors import ForumError
from forum.models import Ban, Post, Thread, Vote
from sessions.models import SessionPage
from sessions.selectors import get_index_for_new_session

# Anyone: a burst of posts in one minute is a script or a mistake.
POSTS_PER_MINUTE = 5
VOTES_PER_MINUTE = 30
# A member whose account is younger than this, or who has fewer posts than
# NEW_MEMBER_POSTS, posts at most NEW_MEMBER_POSTS_PER_HOUR times an hour:
# spam comes from new accounts.
NEW_MEMBER_DAYS = 3
NEW_MEMBER_POSTS = 3
NEW_MEMBER_POSTS_PER_HOUR = 3


def active_ban(user: User) -> Ban | None:
    ban = Ban.objects.filter(user=user).first()
    return ban if ban is not None and ban.is_active() else None


def participation_problem(user) -> str | None:
    """Why `user` may not post, vote or flag at all, or None."""
    if not getattr(user, "is_authenticated", False):
        return errors.SIGN_IN
    if not has_verified_email(user):
        return errors.EMAIL_NOT_VERIFIED
    ban = active_ban(user)
    if ban is not None:
        return errors.BANNED % {"reason": ban.reason}
    return None


def _is_new(user: User, now) -> bool:
    if user.date_joined > now - timedelta(days=NEW_MEMBER_DAYS):
        return True
    return Post.objects.filter(author=user).count() < NEW_MEMBER_POSTS


def check_may_post(user) -> None:
    problem = participation_problem(user)
    if problem:
        raise ForumError(problem)
    now = timezone.now()
    mine = Post.objects.filter(author=user)
    if mine.filter(created_at__gt=now - timedelta(minutes=1)).count() >= (
        POSTS_PER_MINUTE
    ):
        raise ForumError(errors.TOO_FAST)
    if (
        not user.is_staff
        and _is_new(user, now)
        and mine.filter(created_at__gt=now - timedelta(hours=1)).count()
        >= NEW_MEMBER_POSTS_PER_HOUR
    ):
        raise ForumError(errors.NEW_MEMBER_LIMIT % {"count": NEW_MEMBER_POSTS_PER_HOUR})


def check_may_vote(user) -> None:
    problem = participation_problem(user)
    if problem:
        raise ForumError(problem)
    recent = Vote.objects.filter(
        voter=user, created_at__gt=timezone.now() - timedelta(minutes=1)
    )
    if recent.count() >= VOTES_PER_MINUTE:
        raise ForumError(errors.VOTING_TOO_FAST)


def _has_live_session(thread: Thread) -> bool:
    """A live session from this thread is planned or held (a cancelled one
    frees the question for another expert)."""
    session = thread.live_session
    return session is not None and session.status != SessionPage.Status.CANCELLED


def live_answer_problem(user, thread: Thread) -> str | None:
    """Why `user` may not turn `thread` into a live session, or None: an
    open question, asked by someone else, that no live session answers yet,
    and a user whom Wagtail lets add sessions."""
    # The thread's state first: it costs no query, and the thread page asks
    # this of every member who reads an open question.
    if thread.is_hidden or thread.deleted_at is not None:
        return errors.NOT_FOUND
    if not thread.is_question:
        return errors.NOT_A_QUESTION
    if thread.is_locked:
        return errors.THREAD_LOCKED
    if thread.is_solved:
        return errors.LIVE_SOLVED
    if getattr(user, "pk", None) and thread.author_id == user.pk:
        return errors.LIVE_OWN_QUESTION
    if _has_live_session(thread):
        return errors.LIVE_ALREADY
    if get_index_for_new_session(user) is None:
        return errors.LIVE_NOT_A_HOST
    return participation_problem(user)


def recap_problem(user, thread: Thread) -> str | None:
    """Why `user` may not post the recap of `thread`'s live session, or
    None: its host, once it has started, once."""
    if not _has_live_session(thread) or thread.live_session.host_id != getattr(
        user, "pk", None
    ):
        return errors.RECAP_NOT_HOST
    problem = participation_problem(user)
    if problem:
        return problem
    if not thread.live_session.live or not thread.live_session.has_started:
        return errors.RECAP_TOO_EARLY
    if thread.is_locked:
        return errors.THREAD_LOCKED
    if thread.posts.filter(
        is_live_recap=True, is_hidden=False, deleted_at__isnull=True
    ).exists():
        return errors.RECAP_ALREADY
    return None


def may_accept_answers(user, thread: Thread) -> bool:
    """Whether `user` picks the accepted answer of `thread`: its asker, or
    staff."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.pk == thread.author_id or user.is_staff

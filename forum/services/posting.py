"""Asking, answering, replying, editing and deleting.

Locks go in one order: the thread row, then its posts. The thread row is
what serialises everything that changes its counts (answers, the accepted
answer, last activity)."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.markdown import render_markdown
from accounts.models import User
from core.models import Skill
from core.page_cache_purge import purge_after_commit
from forum import errors, notifications
from forum.errors import ForumError
from forum.models import (
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Category,
    Post,
    PostRevision,
    Subscription,
    Thread,
)
from forum.rules import check_may_post

TITLE_MIN_LENGTH = 10
MAX_SKILLS = 5
SLUG_MAX_LENGTH = 80


def _title(value: str) -> str:
    value = " ".join(value.split())
    if len(value) < TITLE_MIN_LENGTH:
        raise ForumError(errors.TITLE_TOO_SHORT % {"min": TITLE_MIN_LENGTH})
    if len(value) > TITLE_MAX_LENGTH:
        raise ForumError(errors.TITLE_TOO_LONG % {"max": TITLE_MAX_LENGTH})
    return value


def _body(value: str) -> str:
    value = value.strip()
    if not value:
        raise ForumError(errors.BODY_EMPTY)
    if len(value) > BODY_MAX_LENGTH:
        raise ForumError(errors.BODY_TOO_LONG % {"max": f"{BODY_MAX_LENGTH:,}"})
    return value


def error_field(message) -> str | None:
    """Which argument of `ask` or `edit_post` a refusal is about ("title",
    "body", "skills"), or None for the action as a whole: the forms and the
    API show it next to that field."""
    by_field = {
        "title": (
            errors.TITLE_TOO_SHORT % {"min": TITLE_MIN_LENGTH},
            errors.TITLE_TOO_LONG % {"max": TITLE_MAX_LENGTH},
        ),
        "body": (
            errors.BODY_EMPTY,
            errors.BODY_TOO_LONG % {"max": f"{BODY_MAX_LENGTH:,}"},
        ),
        "skills": (errors.TOO_MANY_SKILLS % {"max": MAX_SKILLS},),
    }
    for name, known in by_field.items():
        if str(message) in {str(text) for text in known}:
            return name
    return None


# Actions on a thread sit where a slug would (`t/<id>/follow/`).
RESERVED_SLUGS = {"follow", "live"}


def _slug(title: str) -> str:
    slug = slugify(title)[:SLUG_MAX_LENGTH].strip("-") or "thread"
    return f"{slug}-thread" if slug in RESERVED_SLUGS else slug


def lock_thread(thread_id: int) -> Thread:
    thread = Thread.objects.select_for_update().filter(pk=thread_id).first()
    if thread is None or thread.deleted_at is not None or thread.is_hidden:
        raise ForumError(errors.NOT_FOUND)
    return thread


def _follow(user: User, thread: Thread) -> None:
    Subscription.objects.get_or_create(user=user, thread=thread)


def count_answers(thread: Thread) -> int:
    """Visible answers, for `Thread.answer_count` (under the thread lock)."""
    return thread.posts.filter(
        is_opening=False,
        parent_post__isnull=True,
        is_hidden=False,
        deleted_at__isnull=True,
    ).count()


@transaction.atomic
def ask(
    *,
    author: User,
    category: Category,
    title: str,
    body: str,
    kind: str = Thread.Kind.QUESTION,
    skills: list[Skill] | tuple[Skill, ...] = (),
) -> Thread:
    """A new thread with its opening post; the author follows it."""
    check_may_post(author)
    title, body = _title(title), _body(body)
    if len(skills) > MAX_SKILLS:
        raise ForumError(errors.TOO_MANY_SKILLS % {"max": MAX_SKILLS})
    if kind not in Thread.Kind.values:
        raise ForumError(errors.NOT_A_QUESTION)
    now = timezone.now()
    thread = Thread.objects.create(
        category=category,
        author=author,
        kind=kind,
        title=title,
        slug=_slug(title),
        created_at=now,
        last_activity_at=now,
    )
    if skills:
        thread.skills.set(list(skills))
    Post.objects.create(
        thread=thread,
        is_opening=True,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created_at=now,
    )
    _follow(author, thread)
    notifications.new_thread(thread)
    return thread


@transaction.atomic
def answer(
    *, thread: Thread, author: User, body: str, live_recap: bool = False
) -> Post:
    """A new top-level post: an answer to a question, a contribution to a
    discussion. The author then follows the thread. `live_recap` marks the
    recap of the thread's live session (forum.services.live checks who may)."""
    check_may_post(author)
    body = _body(body)
    thread = lock_thread(thread.pk)
    if thread.is_locked:
        raise ForumError(errors.THREAD_LOCKED)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created_at=now,
        is_live_recap=live_recap,
    )
    thread.answer_count = count_answers(thread)
    thread.last_activity_at = now
    thread.save(update_fields=["answer_count", "last_activity_at"])
    _follow(author, thread)
    notifications.new_post(post)
    return post


@transaction.atomic
def reply(*, parent: Post, author: User, body: str) -> Post:
    """A reply under one post. Replies are one level deep: a reply to a
    reply goes under the same post."""
    check_may_post(author)
    body = _body(body)
    thread = lock_thread(parent.thread_id)
    if thread.is_locked:
        raise ForumError(errors.THREAD_LOCKED)
    parent = Post.objects.filter(pk=parent.pk, thread=thread).first()
    if parent is None or not parent.is_visible:
        raise ForumError(errors.REPLY_ELSEWHERE)
    if parent.parent_post_id is not None:
        parent = parent.parent_post
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        parent_post=parent,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created_at=now,
    )
    thread.last_activity_at = now
    thread.save(update_fields=["last_activity_at"])
    notifications.new_post(post)
    return post


def _lock_own_post(post: Post, user: User) -> tuple[Thread, Post]:
    thread = lock_thread(post.thread_id)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.author_id != user.pk:
        raise ForumError(errors.NOT_YOUR_POST)
    if post.deleted_at is not None:
        raise ForumError(errors.POST_DELETED)
    if post.is_hidden:
        raise ForumError(errors.POST_HIDDEN)
    return thread, post


@transaction.atomic
def edit_post(*, post: Post, editor: User, body: str, title: str = "") -> Post:
    """The author changes their post (and, on the opening post, the
    thread's title); what it said before is kept as a revision."""
    body = _body(body)
    thread, post = _lock_own_post(post, editor)
    if thread.is_locked:
        raise ForumError(errors.THREAD_LOCKED)
    new_title = _title(title) if post.is_opening and title else thread.title
    if body == post.body and new_title == thread.title:
        return post
    PostRevision.objects.create(
        post=post,
        title=thread.title if post.is_opening else "",
        body=post.body,
        edited_by=editor,
    )
    post.body = body
    post.body_html = render_markdown(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    if new_title != thread.title:
        thread.title = new_title
        thread.slug = _slug(new_title)
        thread.save(update_fields=["title", "slug"])
    return post


@transaction.atomic
def delete_post(*, post: Post, user: User) -> Post:
    """Soft deletion by the author: the text stays for moderation, pages
    show that it was deleted. A question with answers stays (they would
    lose their context); an accepted answer stays."""
    thread, post = _lock_own_post(post, user)
    if thread.accepted_answer_id == post.pk:
        raise ForumError(errors.ACCEPTED_CANNOT_DELETE)
    now = timezone.now()
    if post.is_opening:
        if count_answers(thread):
            raise ForumError(errors.QUESTION_HAS_ANSWERS)
        thread.deleted_at = now
        thread.save(update_fields=["deleted_at"])
    post.deleted_at = now
    post.save(update_fields=["deleted_at"])
    if post.is_answer:
        thread.answer_count = count_answers(thread)
        thread.save(update_fields=["answer_count"])
    # The author means it gone now, not after the page cache's minute.
    purge_after_commit()
    return post

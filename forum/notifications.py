"""Who hears about what in the forum: notification rows, written in the
transaction that creates the post. The in-site list reads them; a periodic
job emails the unread ones in batches."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from core.emails import queue_email
from forum.models import Notification, Post, Subscription, Thread

Kind = Notification.Kind


def _notify(user_ids, *, kind: str, thread: Thread, post: Post | None) -> None:
    Notification.objects.bulk_create(
        Notification(user_id=user_id, kind=kind, thread=thread, post=post)
        for user_id in sorted(set(user_ids))
    )


def new_thread(thread: Thread) -> None:
    """Followers of the category, but not the author."""
    followers = Subscription.objects.filter(category=thread.category_id).exclude(
        user=thread.author_id
    )
    _notify(
        followers.values_list("user_id", flat=True),
        kind=Kind.NEW_THREAD,
        thread=thread,
        post=None,
    )


def new_post(post: Post) -> None:
    """An answer tells the thread's followers; a reply tells them and the
    author of the post it answers. Never the post's own author."""
    followers = set(
        Subscription.objects.filter(thread=post.thread_id).values_list(
            "user_id", flat=True
        )
    )
    if post.parent_post_id is not None and post.parent_post.author_id:
        followers.add(post.parent_post.author_id)
    followers.discard(post.author_id)
    kind = Kind.ANSWER if post.parent_post_id is None else Kind.REPLY
    _notify(followers, kind=kind, thread=post.thread, post=post)


def live_session(thread: Thread, *, host_id: int) -> None:
    """The thread's followers, but not the session's host: an expert will
    answer the question live."""
    followers = Subscription.objects.filter(thread=thread).exclude(user=host_id)
    _notify(
        followers.values_list("user_id", flat=True),
        kind=Kind.LIVE,
        thread=thread,
        post=None,
    )


def answer_accepted(post: Post) -> None:
    if post.author_id:
        _notify([post.author_id], kind=Kind.ACCEPTED, thread=post.thread, post=post)


def hidden(post: Post, *, thread: Thread, reason: str) -> None:
    """Moderators hid the author's post (or, for the opening post, maybe
    the whole thread): listed on their page, and emailed at once with the
    reason, so marked emailed for the digest. Sent even to members who
    switched the digest off: it is about their own post, not a follow."""
    author = post.author
    if author is None:
        return
    Notification.objects.create(
        user=author,
        kind=Kind.HIDDEN,
        thread=thread,
        post=post,
        emailed_at=timezone.now(),
    )
    if not author.is_active or not author.email:
        return
    queue_email(
        template_prefix="forum/email/post_hidden",
        to=author.email,
        context={
            "name": author.get_short_name() or author.username,
            "thread_title": thread.title,
            "whole_thread": thread.is_hidden,
            "excerpt": Truncator(post.body).chars(200),
            "reason": reason,
            "notifications_url": settings.SITE_URL + reverse("forum_notifications"),
            "site_url": settings.SITE_URL,
        },
    )


def mark_read(*, user, notification_ids) -> int:
    """The member's own notifications among `notification_ids` are read;
    how many that changed."""
    return Notification.objects.filter(
        user=user, pk__in=list(notification_ids), read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )

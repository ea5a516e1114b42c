"""Who hears about what in the forum: notification rows, written in the
transaction that creates the post. The in-site list reads them; a periodic
job emails the unread ones in batches."""

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


def answer_accepted(post: Post) -> None:
    if post.author_id:
        _notify([post.author_id], kind=Kind.ACCEPTED, thread=post.thread, post=post)

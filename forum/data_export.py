"""A member's forum activity in their data download; registered with
`accounts.data_export` from ForumConfig.ready()."""

from accounts.data_export import absolute_url, iso
from forum.models import (
    Ban,
    Flag,
    Notification,
    Post,
    Reputation,
    Subscription,
    Thread,
    Vote,
)


def _thread_ref(thread: Thread) -> dict:
    return {"title": thread.title, "url": absolute_url(thread.get_absolute_url())}


def _post_url(post: Post) -> str | None:
    return absolute_url(f"{post.thread.get_absolute_url()}#post-{post.pk}")


class ForumDataExport:
    """Threads started, every post with its Markdown source (deleted and
    hidden ones too: the text is still held), votes cast, follows,
    notifications, flags raised, reputation and any ban."""

    name = "forum"

    def export(self, *, user) -> dict:
        threads = (
            Thread.objects.filter(author=user)
            .select_related("category")
            .order_by("created_at", "pk")
        )
        posts = (
            Post.objects.filter(author=user)
            .select_related("thread")
            .order_by("created_at", "pk")
        )
        votes = (
            Vote.objects.filter(voter=user)
            .select_related("post__thread")
            .order_by("created_at", "pk")
        )
        follows = (
            Subscription.objects.filter(user=user)
            .select_related("thread", "category")
            .order_by("created_at", "pk")
        )
        notifications = (
            Notification.objects.filter(user=user)
            .select_related("thread")
            .order_by("created_at", "pk")
        )
        flags = (
            Flag.objects.filter(reporter=user)
            .select_related("post__thread")
            .order_by("created_at", "pk")
        )
        reputation = Reputation.objects.filter(user=user).first()
        ban = Ban.objects.filter(user=user).first()
        return {
            "threads": [
                {
                    **_thread_ref(thread),
                    "kind": thread.kind,
                    "category": thread.category.name,
                    "created_at": iso(thread.created_at),
                    "deleted_at": iso(thread.deleted_at),
                    "hidden_by_staff": thread.is_hidden,
                }
                for thread in threads
            ],
            "posts": [
                {
                    "thread": _thread_ref(post.thread),
                    "url": _post_url(post),
                    "opening_post": post.is_opening,
                    "body_markdown": post.body,
                    "score": post.score,
                    "created_at": iso(post.created_at),
                    "edited_at": iso(post.edited_at),
                    "deleted_at": iso(post.deleted_at),
                    "hidden_by_staff": post.is_hidden,
                    "hidden_reason": post.hidden_reason,
                }
                for post in posts
            ],
            "votes": [
                {
                    "post_url": _post_url(vote.post),
                    "value": vote.value,
                    "voted_at": iso(vote.created_at),
                }
                for vote in votes
            ],
            "follows": [
                {
                    "thread": _thread_ref(follow.thread) if follow.thread else None,
                    "category": follow.category.name if follow.category else None,
                    "since": iso(follow.created_at),
                }
                for follow in follows
            ],
            "notifications": [
                {
                    "kind": notification.kind,
                    "thread": _thread_ref(notification.thread),
                    "created_at": iso(notification.created_at),
                    "read_at": iso(notification.read_at),
                    "emailed_at": iso(notification.emailed_at),
                }
                for notification in notifications
            ],
            "flags_raised": [
                {
                    "post_url": _post_url(flag.post),
                    "reason": flag.reason,
                    "details": flag.details,
                    "created_at": iso(flag.created_at),
                    "outcome": flag.outcome,
                }
                for flag in flags
            ],
            "reputation": {
                "points": reputation.points if reputation else 0,
                "accepted_answers": reputation.accepted_answers if reputation else 0,
            },
            "ban": (
                {
                    "reason": ban.reason,
                    "since": iso(ban.created_at),
                    "until": iso(ban.until),
                }
                if ban
                else None
            ),
        }

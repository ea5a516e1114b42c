"""Reads for the notifications page, the header's count and follow
buttons."""

from django.db.models import Q, QuerySet

from accounts.models import User
from forum.models import Notification, Subscription

# A notification about something nobody may see any more (a hidden or
# deleted post or thread) is not shown, nor counted. The author's own
# "staff hid your post" is the exception: it is about that very thing.
_SHOWN = Q(kind=Notification.Kind.HIDDEN) | (
    Q(thread__is_hidden=False, thread__deleted_at__isnull=True)
    & (Q(post__isnull=True) | Q(post__is_hidden=False, post__deleted_at__isnull=True))
)


def list_notifications(user: User) -> QuerySet[Notification]:
    """The member's notifications, newest first."""
    return (
        Notification.objects.filter(user=user)
        .filter(_SHOWN)
        .select_related("thread", "post__author")
        .order_by("-created_at", "-pk")
    )


def get_unread_notification_count(user: User) -> int:
    # The partial index forum_notification_unread finds the member's unread
    # rows; the joins only drop the few no longer shown.
    return Notification.objects.filter(_SHOWN, user=user, read_at__isnull=True).count()


def is_following(user: User, *, thread=None, category=None) -> bool:
    """For follow buttons: does `user` follow this thread (or category)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    target = {"thread": thread} if thread is not None else {"category": category}
    return Subscription.objects.filter(user=user, **target).exists()

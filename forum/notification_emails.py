"""The forum's digest email: never one per notification.
`send_notification_digests` (a periodic job) emails each member once about
the notifications they have left unread, when the oldest of them is older
than `FORUM_NOTIFICATION_EMAIL_DELAY_MINUTES`; members can switch it off
from a signed link in the email itself.

`Notification.emailed_at` means "settled by the digest": set when the row
went out in an email, and also when there was nothing to send (read
already, about something hidden since, or the member opted out), so the
partial index of rows still to email stays small.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.email_preferences import (
    set_email_preference,
    user_ids_not_wanting,
    wants_email,
)
from accounts.models import EmailKind, EmailPreference, EmailPreferenceSource, User
from core import unsubscribe
from core.emails import queue_email
from forum.models import Notification

UNSUBSCRIBE_TOKEN_SALT = "forum.notification_emails_unsubscribe"


def unsubscribe_token(user: User) -> str:
    return unsubscribe.unsubscribe_token(user, salt=UNSUBSCRIBE_TOKEN_SALT)


def user_id_from_unsubscribe_token(token: str) -> int | None:
    return unsubscribe.user_id_from_unsubscribe_token(
        token, salt=UNSUBSCRIBE_TOKEN_SALT
    )


def set_forum_emails(
    *, user: User, enabled: bool, source: str = EmailPreferenceSource.PREFERENCES
) -> EmailPreference:
    return set_email_preference(
        user=user, kind=EmailKind.FORUM, enabled=enabled, source=source
    )


def wants_forum_emails(user: User) -> bool:
    return wants_email(user, EmailKind.FORUM)


def _is_shown(notification: Notification) -> bool:
    thread, post = notification.thread, notification.post
    if thread.is_hidden or thread.deleted_at is not None:
        return False
    return post is None or post.is_visible


def _deliverable(user: User, items: list[Notification], opted_out: set[int]):
    if user.pk in opted_out or not user.is_active or not user.email:
        return []
    return [n for n in items if n.read_at is None and _is_shown(n)]


@transaction.atomic
def send_notification_digests(*, now: datetime | None = None) -> int:
    """One email per member whose oldest unsettled, unread notification is
    older than the delay; how many emails were queued.

    Safe on two machines at once and after a crash: the rows are locked
    with skip_locked and marked in the transaction whose commit sends the
    email (on_commit), so a row is in one email at most.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.FORUM_NOTIFICATION_EMAIL_DELAY_MINUTES)
    pks = list(
        Notification.objects.filter(emailed_at__isnull=True, created_at__lte=now)
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)
    )
    pending = (
        Notification.objects.filter(pk__in=pks)
        .select_related("user", "thread", "post__author")
        .order_by("created_at", "pk")
    )
    by_user = defaultdict(list)
    for notification in pending:
        by_user[notification.user].append(notification)
    opted_out = user_ids_not_wanting(EmailKind.FORUM, [user.pk for user in by_user])

    settled, sent = [], 0
    for user, items in by_user.items():
        deliverable = _deliverable(user, items, opted_out)
        if deliverable and deliverable[0].created_at > cutoff:
            continue  # The delay counts from the oldest: a burst is one email.
        if deliverable:
            _queue_digest(user, deliverable)
            sent += 1
        settled.extend(n.pk for n in items)
    Notification.objects.filter(pk__in=settled).update(emailed_at=now)
    return sent


def _link(notification: Notification) -> str:
    url = settings.SITE_URL + notification.thread.get_absolute_url()
    return f"{url}#post-{notification.post_id}" if notification.post_id else url


def _queue_digest(user: User, notifications: list[Notification]) -> None:
    items = [
        {
            "kind": n.get_kind_display(),
            "thread_title": n.thread.title,
            "by": n.post.author if n.post_id and n.kind != n.Kind.ACCEPTED else None,
            "url": _link(n),
        }
        for n in notifications
    ]
    token = unsubscribe_token(user)
    queue_email(
        template_prefix="forum/email/digest",
        to=user.email,
        context={
            "name": user.get_short_name() or user.username,
            "items": items,
            "notifications_url": settings.SITE_URL + reverse("forum_notifications"),
            "unsubscribe_url": settings.SITE_URL
            + reverse("forum_emails_unsubscribe", args=[token]),
            "site_url": settings.SITE_URL,
        },
    )

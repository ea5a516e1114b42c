"""Reads of mentorship conversations: the header's unread count, the inbox,
one thread. Only participants ever get a conversation from here; staff
read reported messages through the admin (mentorship/abuse_admin.py)."""

from django.db.models import Count, F, Max, Q, QuerySet

from accounts.email_preferences import wants_email
from accounts.models import EmailKind, User
from mentorship.models import Mentorship, Message


def _participant_q(user: User, prefix: str = "") -> Q:
    return Q(**{f"{prefix}mentor": user}) | Q(**{f"{prefix}mentee": user})


def get_unread_message_count(user: User) -> int:
    """One COUNT on the partial index of unread messages (recipient)."""
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()


def list_conversations(user: User) -> QuerySet[Mentorship]:
    """The user's mentorships, as mentor or mentee, with `unread_count` and
    `last_message_at`; the latest conversation first, silent ones last."""
    return (
        Mentorship.objects.filter(_participant_q(user))
        .select_related("mentor", "mentee")
        .annotate(
            unread_count=Count(
                "messages",
                filter=Q(messages__recipient=user, messages__read_at__isnull=True),
            ),
            last_message_at=Max("messages__created_at"),
        )
        .order_by(F("last_message_at").desc(nulls_last=True), "-requested_at", "-pk")
    )


def get_conversation(*, mentorship_id: int, user: User) -> Mentorship | None:
    """The mentorship if `user` is in it; None for everyone else, staff
    included, so the view answers 404 without saying it exists."""
    return (
        Mentorship.objects.filter(_participant_q(user), pk=mentorship_id)
        .select_related("mentor", "mentee")
        .first()
    )


def list_thread(mentorship: Mentorship) -> QuerySet[Message]:
    """The conversation, oldest first, with what each message shows."""
    return (
        Message.objects.filter(mentorship=mentorship)
        .select_related("sender", "reply_to", "reply_to__sender")
        .order_by("created_at", "pk")
    )


def get_message_for_participant(*, message_id: int, user: User) -> Message | None:
    return (
        Message.objects.filter(_participant_q(user, "mentorship__"), pk=message_id)
        .select_related("mentorship", "sender")
        .first()
    )


def wants_message_emails(user: User) -> bool:
    return wants_email(user, EmailKind.MENTORSHIP)

"""Conversations: private messages between the mentor and the mentee of a
mentorship, batched email about unread ones, and abuse reports to staff.

Who may write: only the two members, and only while the mentorship is
requested, active or paused. Before an answer the pair may need to talk it
through, and a pause is a break from sessions, not from contact; once it is
declined, completed or cancelled the thread stays readable but closed.

Email: never one per message. `send_message_notifications` (a periodic
job) tells each recipient once about messages they have left unread for
`MENTORSHIP_MESSAGE_EMAIL_DELAY_MINUTES`, and not again until they have read
the thread and something new arrives.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.email_preferences import set_email_preference
from accounts.models import EmailKind, EmailPreference, EmailPreferenceSource, User
from core import unsubscribe as core_unsubscribe
from core.admin_permissions import is_staff
from core.emails import queue_email
from mentorship import errors
from mentorship.errors import MentorshipError
from mentorship.models import (
    ABUSE_REASON_MAX_LENGTH,
    CONVERSATION_MESSAGE_MAX_LENGTH,
    AbuseReport,
    Mentorship,
    Message,
)

UNSUBSCRIBE_TOKEN_SALT = "mentorship.message_emails_unsubscribe"


# --- Messages ---------------------------------------------------------------------


def _other_participant(mentorship: Mentorship, user: User) -> int:
    if user.pk == mentorship.mentor_id:
        return mentorship.mentee_id
    if user.pk == mentorship.mentee_id:
        return mentorship.mentor_id
    raise MentorshipError(errors.NOT_A_PARTICIPANT)


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise MentorshipError(errors.MESSAGE_EMPTY)
    if len(body) > CONVERSATION_MESSAGE_MAX_LENGTH:
        raise MentorshipError(errors.CONVERSATION_MESSAGE_TOO_LONG)
    return body


@transaction.atomic
def send_message(
    *,
    mentorship: Mentorship,
    sender: User,
    body: str,
    reply_to: Message | None = None,
) -> Message:
    # Locked so a message cannot slip in after the mentorship is ended.
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    recipient_id = _other_participant(mentorship, sender)
    if not mentorship.is_open:
        raise MentorshipError(errors.CONVERSATION_CLOSED)
    body = _clean_body(body)
    if reply_to is not None and reply_to.mentorship_id != mentorship.pk:
        raise MentorshipError(errors.REPLY_ELSEWHERE)
    message = Message.objects.create(
        mentorship=mentorship,
        sender=sender,
        recipient_id=recipient_id,
        body=body,
        reply_to=reply_to,
    )
    # Writing in a thread means having read it.
    _mark_read(mentorship, sender, message.created_at)
    return message


def _mark_read(mentorship: Mentorship, user: User, now: datetime) -> int:
    return Message.objects.filter(
        mentorship=mentorship, recipient=user, read_at__isnull=True
    ).update(read_at=now)


@transaction.atomic
def mark_read(*, mentorship: Mentorship, user: User) -> int:
    """Everything sent to `user` in this conversation is read; how many
    messages that changed."""
    _other_participant(mentorship, user)
    return _mark_read(mentorship, user, timezone.now())


# --- Email about unread messages ----------------------------------------------------


def unsubscribe_token(user: User) -> str:
    return core_unsubscribe.unsubscribe_token(user, salt=UNSUBSCRIBE_TOKEN_SALT)


def user_id_from_unsubscribe_token(token: str) -> int | None:
    return core_unsubscribe.user_id_from_unsubscribe_token(
        token, salt=UNSUBSCRIBE_TOKEN_SALT
    )


def set_message_emails(
    *, user: User, enabled: bool, source: str = EmailPreferenceSource.PREFERENCES
) -> EmailPreference:
    return set_email_preference(
        user=user, kind=EmailKind.MENTORSHIP, enabled=enabled, source=source
    )


def _pending_messages(now: datetime):
    """Unread, not yet announced messages to members who want emails, in
    conversations not announced since the recipient last read them."""
    announced_unread = Message.objects.filter(
        mentorship=OuterRef("mentorship"),
        recipient=OuterRef("recipient"),
        read_at__isnull=True,
        notified_at__isnull=False,
    )
    opted_out = EmailPreference.objects.filter(
        user=OuterRef("recipient"), kind=EmailKind.MENTORSHIP, enabled=False
    )
    return (
        Message.objects.filter(
            read_at__isnull=True,
            notified_at__isnull=True,
            created_at__lte=now,
            recipient__is_active=True,
        )
        .exclude(Exists(announced_unread))
        .exclude(Exists(opted_out))
    )


@transaction.atomic
def send_message_notifications(*, now: datetime | None = None) -> int:
    """One email per recipient whose oldest unannounced unread message in a
    conversation is older than the delay; how many emails were queued.

    Safe on two machines at once: the rows are locked with skip_locked, so
    each message is announced by one run only.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.MENTORSHIP_MESSAGE_EMAIL_DELAY_MINUTES)
    pks = list(
        _pending_messages(now)
        .select_for_update(skip_locked=True, of=("self",))
        .values_list("pk", flat=True)
    )
    messages = Message.objects.filter(pk__in=pks).select_related(
        "sender", "recipient", "mentorship"
    )
    by_conversation = defaultdict(list)
    for message in messages.order_by("created_at", "pk"):
        by_conversation[(message.recipient_id, message.mentorship_id)].append(message)

    due = defaultdict(list)
    for thread in by_conversation.values():
        # The delay counts from the oldest: a burst of messages is one email.
        if thread[0].created_at <= cutoff:
            due[thread[0].recipient].append(thread)
    for recipient, threads in due.items():
        _queue_unread_email(recipient, threads)
    announced = [
        message.pk for threads in due.values() for t in threads for message in t
    ]
    Message.objects.filter(pk__in=announced).update(notified_at=now)
    return len(due)


def _queue_unread_email(recipient: User, threads: list[list[Message]]) -> None:
    conversations = [
        {
            "count": len(thread),
            "sender": thread[0].sender,
            "url": settings.SITE_URL
            + reverse(
                "mentorship_conversation",
                kwargs={"mentorship_id": thread[0].mentorship_id},
            ),
        }
        for thread in threads
    ]
    token = unsubscribe_token(recipient)
    queue_email(
        template_prefix="mentorship/email/unread_messages",
        to=recipient.email,
        context={
            "name": recipient.get_short_name() or recipient.username,
            "conversations": conversations,
            "total": sum(item["count"] for item in conversations),
            "inbox_url": settings.SITE_URL + reverse("mentorship_inbox"),
            "unsubscribe_url": settings.SITE_URL
            + reverse("mentorship_message_emails_unsubscribe", args=[token]),
            "site_url": settings.SITE_URL,
        },
    )


# --- Abuse reports ------------------------------------------------------------------


def _staff_emails() -> list[str]:
    """MENTORSHIP_ABUSE_REPORT_EMAILS when set (a moderation inbox), else
    every active staff member."""
    configured = list(settings.MENTORSHIP_ABUSE_REPORT_EMAILS)
    if configured:
        return configured
    staff = User.objects.filter(Q(is_staff=True) | Q(is_superuser=True), is_active=True)
    return sorted({email for email in staff.values_list("email", flat=True) if email})


@transaction.atomic
def report_message(*, message: Message, reporter: User, reason: str) -> AbuseReport:
    mentorship = message.mentorship
    _other_participant(mentorship, reporter)
    if message.sender_id == reporter.pk:
        raise MentorshipError(errors.REPORT_OWN_MESSAGE)
    reason = (reason or "").strip()
    if not reason:
        raise MentorshipError(errors.REPORT_REASON_EMPTY)
    if len(reason) > ABUSE_REASON_MAX_LENGTH:
        raise MentorshipError(errors.REPORT_REASON_TOO_LONG)
    open_reports = AbuseReport.objects.filter(
        message=message, reporter=reporter, status=AbuseReport.Status.OPEN
    )
    if open_reports.exists():
        raise MentorshipError(errors.ALREADY_REPORTED)
    try:
        # A savepoint: the unique constraint settles two reports racing.
        with transaction.atomic():
            report = AbuseReport.objects.create(
                message=message, reporter=reporter, reason=reason
            )
    except IntegrityError:
        raise MentorshipError(errors.ALREADY_REPORTED) from None
    recipients = _staff_emails()
    if recipients:
        # The email points to the admin; the message itself stays there.
        queue_email(
            template_prefix="mentorship/email/abuse_reported",
            to=recipients,
            context={
                "report": report,
                "admin_url": settings.SITE_URL
                + reverse("mentorship_abuse_reports:inspect", args=[report.pk]),
            },
        )
    return report


@transaction.atomic
def resolve_abuse_report(*, report: AbuseReport, staff_user: User) -> AbuseReport:
    if not is_staff(staff_user):
        raise MentorshipError(errors.NOT_STAFF)
    report = AbuseReport.objects.select_for_update().get(pk=report.pk)
    if report.status == AbuseReport.Status.RESOLVED:
        raise MentorshipError(errors.ALREADY_RESOLVED)
    report.status = AbuseReport.Status.RESOLVED
    report.resolved_at = timezone.now()
    report.resolved_by = staff_user
    report.save(update_fields=["status", "resolved_at", "resolved_by"])
    return report

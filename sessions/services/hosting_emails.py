"""What participants are told when their host messages them, cancels or
moves a session.

These run in the task worker, after the host's transaction committed: a
session with hundreds of participants renders hundreds of emails, and that
must not happen while the session row is locked (every booking of it would
wait). The hosting services enqueue `sessions.tasks.notify_participants` on
commit with the ids they locked; each email is then sent (and retried) on
its own.
"""

from datetime import datetime

from django.conf import settings

from accounts.models import User
from core.emails import queue_email
from payments.models import Kind, Payment
from sessions import calendar
from sessions.models import Booking, SessionPage


def _when_for(member: User, session: SessionPage, moment: datetime) -> str:
    # The member's zone, with the session's beside it when they differ.
    return calendar.format_time(moment, member, session)


def _email_context(session: SessionPage, member: User, **extra) -> dict:
    return {
        "session": session,
        "member": member,
        "session_url": calendar.session_url(session),
        "site_url": settings.SITE_URL,
        "when": _when_for(member, session, session.starts_at),
        **extra,
    }


def _recipients(session_id: int, booking_ids: list[int]):
    """The session (None if it is gone) and the bookings to tell, in the
    order the host's page lists them."""
    session = SessionPage.objects.filter(pk=session_id).first()
    bookings = (
        Booking.objects.filter(pk__in=booking_ids, session_id=session_id)
        .select_related("member", "member__profile")
        .order_by("created_at", "pk")
    )
    return session, list(bookings) if session is not None else []


def send_host_message(
    *,
    session_id: int,
    booking_ids: list[int],
    subject: str,
    message: str,
    sender_id: int,
) -> int:
    session, bookings = _recipients(session_id, booking_ids)
    sender = User.objects.filter(pk=sender_id).first()
    for booking in bookings:
        queue_email(
            template_prefix="sessions/email/host_message",
            to=booking.member.email,
            context=_email_context(
                session, booking.member, subject=subject, message=message, sender=sender
            ),
        )
    return len(bookings)


def send_session_cancelled(*, session_id: int, booking_ids: list[int]) -> int:
    session, bookings = _recipients(session_id, booking_ids)
    # Their refunds were queued with the cancellation (hosting.cancel_session).
    paid = set(
        Payment.objects.filter(
            kind=Kind.SESSION_SEAT,
            object_id__in=booking_ids,
            status__in=Payment.SETTLED,
        ).values_list("object_id", flat=True)
    )
    for booking in bookings:
        queue_email(
            template_prefix="sessions/email/host_session_cancelled",
            to=booking.member.email,
            context=_email_context(session, booking.member, paid=booking.pk in paid),
        )
    return len(bookings)


def send_session_rescheduled(
    *, session_id: int, booking_ids: list[int], previous_starts_at: str
) -> int:
    """The new time and the old one, each in the member's own zone."""
    session, bookings = _recipients(session_id, booking_ids)
    previous = datetime.fromisoformat(previous_starts_at)
    for booking in bookings:
        queue_email(
            template_prefix="sessions/email/host_session_rescheduled",
            to=booking.member.email,
            context=_email_context(
                session,
                booking.member,
                previous_when=_when_for(booking.member, session, previous),
            ),
        )
    return len(bookings)


NOTICES = {
    "host_message": send_host_message,
    "session_cancelled": send_session_cancelled,
    "session_rescheduled": send_session_rescheduled,
}


def send_notice(notice: str, *, session_id: int, booking_ids: list[int], **details):
    """Queue one email of kind `notice` per booking; returns how many."""
    return NOTICES[notice](session_id=session_id, booking_ids=booking_ids, **details)

"""What members are told about their bookings. Called from the booking
services inside their transaction: `queue_email` renders now and sends on
commit, so a rolled-back booking sends nothing."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from core.access import can_see_page
from core.emails import queue_email
from sessions import calendar

WAITLIST_TOKEN_SALT = "sessions.waitlist_leave"
# Long enough for any waitlist; the view also refuses once the session started.
WAITLIST_TOKEN_MAX_AGE = 60 * 60 * 24 * 365


def waitlist_token(booking) -> str:
    return signing.dumps({"booking": booking.pk}, salt=WAITLIST_TOKEN_SALT)


def booking_id_from_token(token: str) -> int | None:
    try:
        data = signing.loads(
            token, salt=WAITLIST_TOKEN_SALT, max_age=WAITLIST_TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        return None
    booking_id = data.get("booking") if isinstance(data, dict) else None
    return booking_id if isinstance(booking_id, int) else None


def _shares_link(booking) -> bool:
    """Whether this member's emails may carry the meeting link. Only for a
    session they may see as a member: one behind a password keeps its link
    on its page, where the password is asked (core.access)."""
    session = booking.session
    return bool(session.meeting_url) and can_see_page(booking.member, session)


def _context(booking, **extra) -> dict:
    session = booking.session
    member = booking.member
    return {
        "booking": booking,
        "session": session,
        "member": member,
        "name": member.get_short_name() or member.username,
        "starts": calendar.format_time(session.starts_at, member, session),
        "ends": calendar.format_time(session.ends_at, member, session),
        "session_url": calendar.session_url(session),
        "dashboard_url": calendar.absolute_url(reverse("dashboard")),
        "site_url": settings.SITE_URL,
        **extra,
    }


def _send(prefix: str, booking, attachments=None, **extra) -> None:
    queue_email(
        template_prefix=f"sessions/email/{prefix}",
        to=booking.member.email,
        context=_context(booking, **extra),
        attachments=attachments,
    )


def send_confirmed(booking, *, from_waitlist: bool = False) -> None:
    """Confirmation with the event attached and "add to calendar" links; the
    meeting link is theirs now, so it goes in (unless `_shares_link` keeps
    it on the session page)."""
    session = booking.session
    private = _shares_link(booking)
    ics = calendar.session_ics(session, private=private).decode()
    _send(
        "booking_confirmed",
        booking,
        attachments=[
            {"filename": "session.ics", "content": ics, "mimetype": "text/calendar"}
        ],
        from_waitlist=from_waitlist,
        meeting_url=session.meeting_url if private else "",
        google_url=calendar.google_calendar_url(session, private=private),
        outlook_url=calendar.outlook_calendar_url(session, private=private),
    )


def send_waitlisted(booking) -> None:
    remove_url = calendar.absolute_url(
        reverse("waitlist_leave", kwargs={"token": waitlist_token(booking)})
    )
    _send("booking_waitlisted", booking, remove_url=remove_url)


def send_offer(booking) -> None:
    session = booking.session
    _send(
        "booking_offer",
        booking,
        pay_by=calendar.format_time(booking.hold_expires_at, booking.member, session),
        remove_url=calendar.absolute_url(
            reverse("waitlist_leave", kwargs={"token": waitlist_token(booking)})
        ),
    )


def send_hold_lapsed(booking) -> None:
    _send("booking_hold_lapsed", booking)


def send_cancelled(booking, *, was_waitlisted: bool = False, refund=None) -> None:
    """`refund`: the refund policy's answer for a paid seat (or None)."""
    _send(
        "booking_cancelled",
        booking,
        was_waitlisted=was_waitlisted,
        refund=refund,
        refund_deadline=(
            calendar.format_time(refund.deadline, booking.member, booking.session)
            if refund
            else ""
        ),
    )


def send_reminder(booking, *, hours_before: int) -> None:
    _send(
        "booking_reminder",
        booking,
        hours_before=hours_before,
        meeting_url=booking.session.meeting_url if _shares_link(booking) else "",
    )

"""`{% booking_panel_state page request.user as panel %}`: everything the
booking panel shows, worked out once so the template only reads it."""

from dataclasses import dataclass

from django import template
from django.utils import timezone

from accounts.selectors import has_verified_email
from payments import gateway as payments_gateway
from sessions import calendar, errors
from sessions.models import Booking, SessionPage
from sessions.refund_policy import refund_deadline
from sessions.selectors import get_member_booking, seats_taken

register = template.Library()
Status = Booking.Status


@dataclass
class PanelState:
    session: SessionPage
    seats_left: int
    booking: Booking | None = None
    # "book", "waitlist", or "" when the member cannot book now.
    action: str = ""
    # Why booking is not possible (or "" when it is, or they already booked).
    reason: str = ""
    reason_code: str = ""
    waitlist_position: int = 0
    hold_until: str = ""
    google_url: str = ""
    # Paid sessions: the refund policy's deadline, in the member's zone;
    # "" once it has passed (a cancelled seat is no longer refunded).
    refund_until: str = ""

    @property
    def is_full(self) -> bool:
        return self.seats_left <= 0


def _payments_off(state: PanelState) -> PanelState:
    state.reason, state.reason_code = errors.PAYMENTS_UNAVAILABLE, "payments_off"
    return state


@register.simple_tag
def booking_panel_state(session: SessionPage, user) -> PanelState:
    now = timezone.now()
    taken = seats_taken(session, now=now)
    state = PanelState(
        session=session, seats_left=max(session.max_participants - taken, 0)
    )
    if session.status == SessionPage.Status.CANCELLED:
        state.reason, state.reason_code = errors.SESSION_CANCELLED, "cancelled"
        return state
    if session.starts_at <= now or session.status == SessionPage.Status.COMPLETED:
        state.reason, state.reason_code = errors.SESSION_STARTED, "started"
        return state
    if not session.is_free:
        deadline = refund_deadline(session)
        if deadline > now:
            state.refund_until = calendar.format_time(deadline, user, session)
    # A paid session cannot be booked before Stripe is set up: say so to
    # everyone, before asking visitors to log in.
    payments_off = not session.is_free and not payments_gateway.is_configured()
    if not getattr(user, "is_authenticated", False):
        if payments_off:
            return _payments_off(state)
        state.reason_code = "login"
        return state
    if session.host_id == user.pk:
        state.reason, state.reason_code = errors.OWN_SESSION, "own"
        return state
    booking = get_member_booking(session, user)
    if booking is not None and booking.status != Status.CANCELLED:
        state.booking = booking
        if booking.status == Status.WAITLISTED:
            state.waitlist_position = (
                Booking.objects.filter(
                    session=session,
                    status=Status.WAITLISTED,
                    waitlisted_at__lte=booking.waitlisted_at,
                ).count()
                or 1
            )
        elif booking.status == Status.PENDING:
            state.hold_until = calendar.format_time(
                booking.hold_expires_at, user, session
            )
        elif booking.status == Status.CONFIRMED:
            state.google_url = calendar.google_calendar_url(session, private=True)
        return state
    if payments_off:
        return _payments_off(state)
    if not has_verified_email(user):
        state.reason, state.reason_code = errors.EMAIL_NOT_VERIFIED, "verify"
        return state
    state.action = "waitlist" if state.is_full else "book"
    return state

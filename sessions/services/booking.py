"""Booking, the waitlist, payment holds and reminders.

Every write locks the session row first (then the booking rows), so two
requests, in any number of processes, can never both take the last seat.
Emails and tasks go out on commit.

Lapsed holds: a member who does not pay before `hold_expires_at` (a direct
paid booking or a waitlist offer) is CANCELLED, not put back in the queue:
sending them to the end of the waitlist could offer them the same seat again
and again, and their "remove me" link would keep being needed. They are told,
and may book again.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.email_preferences import wants_email
from accounts.models import EmailKind
from accounts.selectors import has_verified_email
from payments import gateway as payments_gateway
from payments.models import Kind
from payments.services.checkout import expire_open_checkouts
from payments.services.entitlements import revoke_granted
from payments.services.refunds import refund_purchases
from sessions import errors
from sessions.errors import SessionsError
from sessions.models import Booking, SessionPage
from sessions.refund_policy import cancellation_refund
from sessions.selectors import seats_taken
from sessions.services import booking_emails as emails

Status = Booking.Status
ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)


# --- Reads under the lock ---------------------------------------------------------


def _lock_session(session_or_pk) -> SessionPage:
    pk = getattr(session_or_pk, "pk", session_or_pk)
    try:
        return SessionPage.objects.select_for_update().get(pk=pk)
    except SessionPage.DoesNotExist:
        raise SessionsError(errors.SESSION_UNKNOWN) from None


def _lock_booking(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update().select_related("member").get(pk=booking.pk)
    )


# --- Booking ----------------------------------------------------------------------


def _check_bookable(
    session: SessionPage, member, now: datetime, *, needs_stripe: bool
) -> None:
    if not session.live:
        raise SessionsError(errors.SESSION_UNKNOWN)
    if session.status == SessionPage.Status.CANCELLED:
        raise SessionsError(errors.SESSION_CANCELLED)
    if session.status == SessionPage.Status.COMPLETED or session.starts_at <= now:
        raise SessionsError(errors.SESSION_STARTED)
    if session.host_id == member.pk:
        raise SessionsError(errors.OWN_SESSION)
    if not has_verified_email(member):
        raise SessionsError(errors.EMAIL_NOT_VERIFIED)
    if needs_stripe and not session.is_free and not payments_gateway.is_configured():
        # A seat held for 30 minutes that nobody can pay for would only
        # keep others out; so would a waitlist place offered later.
        raise SessionsError(errors.PAYMENTS_UNAVAILABLE)


@transaction.atomic
def book_session(
    *, session: SessionPage, member, without_stripe: bool = False
) -> Booking:
    """Confirm (free), hold for payment (paid) or waitlist (full).

    `without_stripe`: hold a paid seat even while Stripe is not set up; only
    for demo data, whose payments go through `confirm_paid_booking` directly.
    """
    now = timezone.now()
    session = _lock_session(session)
    _check_bookable(session, member, now, needs_stripe=not without_stripe)
    # Waitlisters come before newcomers: release lapsed holds and hand their
    # seats down the queue before counting what is left.
    _release_expired_holds_locked(session, now)

    booking = (
        Booking.objects.select_for_update()
        .filter(session=session, member=member)
        .first()
    )
    if booking is not None and booking.status != Status.CANCELLED:
        raise SessionsError(errors.ALREADY_BOOKED)
    if booking is None:
        booking = Booking(session=session, member=member)
    booking.session = session
    booking.member = member
    booking.hold_expires_at = booking.waitlisted_at = None
    booking.confirmed_at = booking.cancelled_at = None

    if seats_taken(session, now=now) >= session.max_participants:
        booking.status = Status.WAITLISTED
        booking.waitlisted_at = now
        booking.save()
        emails.send_waitlisted(booking)
    elif session.is_free:
        booking.status = Status.CONFIRMED
        booking.confirmed_at = now
        booking.save()
        emails.send_confirmed(booking)
        schedule_reminders(booking=booking)
    else:
        booking.status = Status.PENDING
        booking.hold_expires_at = now + timedelta(
            minutes=settings.SESSION_PAYMENT_HOLD_MINUTES
        )
        booking.save()
        _schedule_hold_expiry(booking)
    return booking


@transaction.atomic
def confirm_paid_booking(*, booking: Booking) -> Booking:
    """The payments seam: the member paid for `booking`.

    Idempotent (webhooks repeat) and never raises. If the hold lapsed but
    the seat is still free, they get it. If the seat is gone, the session is
    off or the member cancelled meanwhile, the booking is returned
    unconfirmed (lapsed holds are CANCELLED) and payments refunds.
    """
    now = timezone.now()
    session = _lock_session(booking.session_id)
    booking = _lock_booking(booking)
    if booking.status == Status.CONFIRMED:
        return booking
    lapsed = (
        booking.status == Status.CANCELLED
        and booking.hold_expires_at is not None
        and booking.cancelled_at is not None
        and booking.cancelled_at >= booking.hold_expires_at
    )
    if booking.status != Status.PENDING and not lapsed:
        # Cancelled by the member or with the session: not theirs any more.
        return booking
    held = booking.status == Status.PENDING and booking.hold_expires_at > now
    bookable = (
        session.status == SessionPage.Status.SCHEDULED and session.starts_at > now
    )
    seat_free = seats_taken(session, now=now) < session.max_participants
    if bookable and (held or seat_free):
        booking.status = Status.CONFIRMED
        booking.confirmed_at = now
        booking.cancelled_at = None
        booking.hold_expires_at = None
        booking.save()
        emails.send_confirmed(booking, from_waitlist=booking.waitlisted_at is not None)
        schedule_reminders(booking=booking)
    elif booking.status == Status.PENDING:
        _lapse(booking, now)
    return booking


# --- Cancelling and the waitlist --------------------------------------------------


def _cancel(booking: Booking, now: datetime) -> None:
    booking.status = Status.CANCELLED
    booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at", "updated_at"])
    # Nothing left to pay for or to hold: a held seat's Checkout page is
    # closed (after commit), a paid seat's access ends.
    expire_open_checkouts(kind=Kind.SESSION_SEAT, object_ids=[booking.pk])
    revoke_granted(kind=Kind.SESSION_SEAT, object_ids=[booking.pk])


def _lapse(booking: Booking, now: datetime) -> None:
    _cancel(booking, now)
    emails.send_hold_lapsed(booking)


@transaction.atomic
def cancel_booking(*, booking: Booking, by) -> Booking:
    """The member (or staff) gives up their place before the start; the seat
    goes to the first waitlisted member. A paid seat is refunded by the
    refund policy (sessions.refund_policy)."""
    if booking.member_id != by.pk and not by.is_staff:
        raise SessionsError(errors.NOT_YOUR_BOOKING)
    now = timezone.now()
    session = _lock_session(booking.session_id)
    booking = _lock_booking(booking)
    if booking.status == Status.CANCELLED:
        return booking  # a second click changes nothing
    if booking.status not in ACTIVE or session.starts_at <= now:
        raise SessionsError(errors.NOT_CANCELLABLE)
    was_waitlisted = booking.status == Status.WAITLISTED
    booking.session = session
    refund = cancellation_refund(booking, now=now)
    _cancel(booking, now)
    if refund is not None and refund.refunded:
        refund_purchases(
            kind=Kind.SESSION_SEAT, object_ids=[booking.pk], reason="member_cancelled"
        )
    emails.send_cancelled(booking, was_waitlisted=was_waitlisted, refund=refund)
    if not was_waitlisted:
        _offer_freed_seats_locked(session, now)
    return booking


@transaction.atomic
def release_refunded_booking(*, booking_id: int) -> Booking | None:
    """Payments refunded this seat (by staff in Stripe, or because it could
    not be honoured): the place is given up and goes to the waitlist."""
    booking = Booking.objects.filter(pk=booking_id).first()
    if booking is None:
        return None
    now = timezone.now()
    session = _lock_session(booking.session_id)
    booking = _lock_booking(booking)
    if booking.status not in (Status.CONFIRMED, Status.PENDING):
        return booking
    _cancel(booking, now)
    emails.send_cancelled(booking, was_waitlisted=False)
    _offer_freed_seats_locked(session, now)
    return booking


@transaction.atomic
def leave_waitlist(*, booking: Booking) -> Booking:
    """The "remove me" link: leave the queue, or turn down a seat offered
    from it (which then goes to the next in line)."""
    now = timezone.now()
    session = _lock_session(booking.session_id)
    booking = _lock_booking(booking)
    offered = booking.status == Status.PENDING and booking.waitlisted_at is not None
    if booking.status != Status.WAITLISTED and not offered:
        raise SessionsError(errors.NOT_ON_WAITLIST)
    _cancel(booking, now)
    emails.send_cancelled(booking, was_waitlisted=True)
    if offered:
        _offer_freed_seats_locked(session, now)
    return booking


@transaction.atomic
def offer_freed_seats(*, session: SessionPage) -> list[Booking]:
    """Hand free seats to the waitlist in order (also after a host adds
    seats). Returns the bookings promoted or offered."""
    session = _lock_session(session)
    return _offer_freed_seats_locked(session, timezone.now())


def _offer_freed_seats_locked(session: SessionPage, now: datetime) -> list[Booking]:
    if session.status != SessionPage.Status.SCHEDULED or session.starts_at <= now:
        return []
    free = session.max_participants - seats_taken(session, now=now)
    if free <= 0:
        return []
    hold_until = None
    if not session.is_free:
        hold_until = min(
            now + timedelta(hours=settings.WAITLIST_OFFER_HOLD_HOURS),
            session.starts_at - timedelta(hours=1),
        )
        if hold_until <= now:
            # Too close to the start to pay in time; they stay waitlisted.
            return []
    queue = list(
        Booking.objects.select_for_update()
        .select_related("member")
        .filter(session=session, status=Status.WAITLISTED)
        .order_by("waitlisted_at", "pk")[:free]
    )
    for booking in queue:
        booking.session = session
        if hold_until is None:
            booking.status = Status.CONFIRMED
            booking.confirmed_at = now
            booking.save(update_fields=["status", "confirmed_at", "updated_at"])
            emails.send_confirmed(booking, from_waitlist=True)
            schedule_reminders(booking=booking)
        else:
            booking.status = Status.PENDING
            booking.hold_expires_at = hold_until
            booking.save(update_fields=["status", "hold_expires_at", "updated_at"])
            emails.send_offer(booking)
            _schedule_hold_expiry(booking)
    return queue


# --- Holds ----------------------------------------------------------------------


def _release_expired_holds_locked(session: SessionPage, now: datetime) -> int:
    expired = list(
        Booking.objects.select_for_update()
        .select_related("member")
        .filter(session=session, status=Status.PENDING, hold_expires_at__lte=now)
    )
    for booking in expired:
        booking.session = session
        _lapse(booking, now)
    if expired:
        _offer_freed_seats_locked(session, now)
    return len(expired)


def release_expired_holds(*, session_id: int | None = None) -> int:
    """Cancel lapsed payment holds (direct paid bookings and waitlist offers)
    and offer their seats on. Idempotent: run at each hold's expiry, and
    every minute as a sweep (no id) by `run_periodic`.

    A session another process has locked is skipped, not waited for: a
    second sweep is releasing it, or a booking is in progress (which
    releases lapsed holds itself); otherwise the next sweep gets it.
    """
    now = timezone.now()
    pending = Booking.objects.filter(status=Status.PENDING, hold_expires_at__lte=now)
    if session_id is not None:
        pending = pending.filter(session_id=session_id)
    released = 0
    for pk in sorted(set(pending.values_list("session_id", flat=True))):
        with transaction.atomic():
            session = (
                SessionPage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk)
                .first()
            )
            if session is not None:
                released += _release_expired_holds_locked(session, now)
    return released


def _schedule_hold_expiry(booking: Booking) -> None:
    from sessions.tasks import enqueue_at, expire_holds

    when = booking.hold_expires_at
    session_id = booking.session_id
    transaction.on_commit(lambda: enqueue_at(expire_holds, when, session_id=session_id))


# --- Reminders ------------------------------------------------------------------


def schedule_reminders(*, booking: Booking) -> None:
    """Queue the 24 h and 1 h reminders (those still ahead) for after commit;
    a moved session's old reminders say nothing (the reschedule calls this
    again for the new time)."""
    from sessions.tasks import schedule_reminders_before, send_booking_reminder

    schedule_reminders_before(
        send_booking_reminder, booking.session.starts_at, booking_id=booking.pk
    )


def send_reminder(*, booking_id: int, starts_at: str, hours_before: int) -> bool:
    """Send one reminder if it still applies; returns whether it was sent."""
    booking = (
        Booking.objects.select_related("session", "member", "member__profile")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None or booking.status != Status.CONFIRMED:
        return False
    session = booking.session
    if session.status != SessionPage.Status.SCHEDULED or not session.live:
        return False
    if session.starts_at != datetime.fromisoformat(starts_at):
        return False
    if session.starts_at <= timezone.now():
        return False
    if not wants_email(booking.member, EmailKind.REMINDERS):
        return False
    emails.send_reminder(booking, hours_before=hours_before)
    return True

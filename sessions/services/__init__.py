"""Writes for the sessions app. Booking lives in `booking.py`; reviews and
hosting in their own modules. The booking entry points are re-exported so
`sessions.services.book_session(...)` reads as DESIGN.md names it."""

from sessions.services.booking import (
    book_session,
    cancel_booking,
    confirm_paid_booking,
    leave_waitlist,
    offer_freed_seats,
    release_expired_holds,
    schedule_reminders,
)

__all__ = [
    "book_session",
    "cancel_booking",
    "confirm_paid_booking",
    "leave_waitlist",
    "offer_freed_seats",
    "release_expired_holds",
    "schedule_reminders",
]

"""The one exception the sessions app raises for rules a user can break.

Views show `error.message`; tests import the constants. A full session is not
an error: the member goes on the waitlist.
"""

from django.utils.translation import gettext_lazy as _

from core.errors import RuleError
from payments import errors as payment_errors

SESSION_UNKNOWN = _("This session does not exist or is not published.")
SESSION_CANCELLED = _("This session has been cancelled.")
SESSION_STARTED = _("This session has already started, so it can no longer be booked.")
OWN_SESSION = _("You host this session, so you cannot book it.")
EMAIL_NOT_VERIFIED = _("Please verify your email address before booking.")
ALREADY_BOOKED = _("You already have a place (or a waitlist spot) in this session.")
NOT_YOUR_BOOKING = _("You can only change your own bookings.")
NOT_CANCELLABLE = _("This booking can no longer be cancelled.")
NOT_ON_WAITLIST = _("You are no longer on the waitlist for this session.")
# A paid session cannot be booked (no seat is held) until Stripe is set up.
PAYMENTS_UNAVAILABLE = payment_errors.NOT_CONFIGURED
LINK_INVALID = _("This link is invalid or has expired.")
# Reviews (engineer 3).
REVIEW_TOO_EARLY = _("You can review this session once it has ended.")
REVIEW_NOT_PARTICIPANT = _("Only members who took part in this session can review it.")
REVIEW_ALREADY = _("You have already reviewed this session.")
REVIEW_RATING_INVALID = _("Choose a rating from 1 to 5 stars.")
REPLY_NOT_HOST = _("Only the host of this session can reply to its reviews.")
REPLY_ALREADY = _("You have already replied to this review.")
REPLY_EMPTY = _("Write a reply before sending it.")
# Hosting (engineer 3).
SESSION_ALREADY_CANCELLED = _("This session is already cancelled.")
SESSION_ENDED = _("This session has already ended.")
ATTENDANCE_TOO_EARLY = _("You can mark attendance once the session has started.")
ATTENDANCE_NOT_SEATED = _(
    "Attendance can only be marked for participants with a confirmed place."
)
ATTENDANCE_STATUS_INVALID = _("Mark a participant as attended or as a no-show.")
TIMES_INVALID = _("The end must be after the start.")
TIME_SKIPPED = _(
    "This time does not exist in %(zone)s: the clocks go forward then. "
    "Choose another time."
)
TIMES_IN_PAST = _("Choose a start time in the future.")
YEAR_OUT_OF_RANGE = _("Choose a date between the years %(first)s and %(last)s.")
NO_PARTICIPANTS = _("This session has no confirmed participants to email.")
SESSION_OFFLINE = _(
    "This session is not published, so it cannot be copied to another date."
)


class SessionsError(RuleError):
    """A rule of the sessions app refused an action; `message` says why."""

"""The experts app's one user-facing exception and its messages; views show
`error.message`, tests import the constants."""

from django.utils.translation import gettext_lazy as _

NOT_AN_EXPERT = _("Only approved experts have an expert page.")
NO_EXPERT_INDEX = _("The expert directory page does not exist yet.")
NOT_ACCEPTING = _("This expert is not taking mentees at the moment.")
MENTEES_FULL = _("This expert has as many mentees as they can take right now.")
OWN_MENTORSHIP = _("You cannot ask yourself for mentorship.")
ALREADY_REQUESTED = _("You already have a request waiting with this expert.")
ALREADY_MENTEE = _("This expert is already mentoring you.")
EMAIL_NOT_VERIFIED = _("Please verify your email address before asking for mentorship.")
GOALS_EMPTY = _("Tell the expert what you would like to work on.")
NOT_YOUR_REQUEST = _("You can only answer requests sent to you.")
NOT_YOUR_OWN_REQUEST = _("You can only withdraw your own requests.")
NOT_PENDING = _("This request has already been answered or withdrawn.")
MESSAGE_TOO_LONG = _("Please keep your message under 2,000 characters.")


class ExpertsError(Exception):
    """A rule of the experts app refused an action; `message` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)

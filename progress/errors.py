"""Progress's one user-facing exception and its messages; views and the API
show `error.message`, tests import the constants."""

from django.utils.translation import gettext_lazy as _

from core.errors import RuleError

SIGN_IN = _("Sign in to track your progress.")
BAD_LEVEL = _("Choose a level from 1 (novice) to 5 (expert).")
UNKNOWN_SKILL = _("Choose a skill from the list.")


class ProgressError(RuleError):
    """A progress rule refused an action; `message` says why."""


# --- Assessments ---------------------------------------------------------------
EMAIL_NOT_VERIFIED = _("Please verify your email address before taking an assessment.")
ASSESSMENT_UNKNOWN = _("This assessment does not exist or is not published.")
# %(when)s: a date and time in the member's time zone.
RETAKE_LATER = _(
    "You took this assessment recently. You can take it again from %(when)s."
)
NOT_YOUR_ATTEMPT = _("You can only answer your own attempts.")
ALREADY_SUBMITTED = _("This attempt has already been submitted.")
TIME_UP = _(
    "The time for this attempt is up, so answers can no longer be changed. "
    "The answers saved before the deadline are scored."
)
UNKNOWN_QUESTION = _(
    "One of the answers is for a question this assessment does not have."
)
UNKNOWN_CHOICE = _("Choose one of the answers offered.")
ONE_CHOICE = _("Choose one answer for a single-choice question.")
CHOICE_LIST = _("Give the answers of a multiple-choice question as a list of choices.")
TEXT_ANSWER = _("Type a short answer as text.")
# %(max)s: the most characters an answer may have.
ANSWER_TOO_LONG = _("Keep each answer to %(max)s characters.")
# Marking short answers by hand.
MAY_NOT_MARK = _("Only the assessment's author or staff can mark its answers.")
MARK_OWN_ATTEMPT = _("You cannot mark your own attempt.")
NOT_AWAITING_REVIEW = _("This attempt has no answers waiting to be marked.")
MARK_EVERY_ANSWER = _("Give points for every answer waiting to be marked.")
BAD_MARK = _(
    "Give each answer a whole number of points, from 0 to the question's points."
)
# Authoring.
RESERVED_SLUG = _(
    "The slug “%(slug)s” is taken by the assessment pages' own addresses; "
    "choose another."
)

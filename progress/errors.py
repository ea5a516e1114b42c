"""Progress's one user-facing exception and its messages; views and the API
show `error.message`, tests import the constants."""

from django.utils.translation import gettext_lazy as _

from core.errors import RuleError

SIGN_IN = _("Sign in to track your progress.")
BAD_LEVEL = _("Choose a level from 1 (novice) to 5 (expert).")
UNKNOWN_SKILL = _("Choose a skill from the list.")

# Feedback from experts
FEEDBACK_NOT_AN_EXPERT = _(
    "You can ask an expert with a public page, or your mentor, for feedback."
)
FEEDBACK_FROM_YOURSELF = _("You cannot ask yourself for feedback.")
FEEDBACK_ALREADY_OPEN = _(
    "You already asked this expert about this skill; they will answer soon."
)
FEEDBACK_TOO_MANY_OPEN = _(
    "You have %(count)d requests waiting for an answer. Please wait for one "
    "before asking again."
)
FEEDBACK_NOT_OPEN = _("This request has already been answered or withdrawn.")
FEEDBACK_NOT_YOURS = _("No such feedback request here.")
FEEDBACK_NEEDED = _("Write a few words of feedback: it is what the member reads.")
FEEDBACK_TOO_LONG = _("Please keep it under %(max)s characters.")
EMAIL_NOT_VERIFIED = _("Please verify your email address first.")

# Goals, evidence and sharing (progress tracking).
GOAL_DATE_NOT_FUTURE = _("Choose a date after today.")
GOAL_DATE_TOO_FAR = _("Choose a date within the next five years.")
GOAL_NOT_ABOVE_CURRENT = _("Choose a level above the one you already have (%(level)s).")
GOAL_TOP_REACHED = _("You already have the top level in this skill.")
EVIDENCE_BAD_URL = _("Enter a web address that starts with https:// or http://.")
EVIDENCE_NO_TITLE = _("Give it a short title.")
SHARED_SKILL_NOT_TRACKED = _(
    "You can show only skills with a level on your progress page."
)


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

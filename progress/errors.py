"""Progress's one user-facing exception and its messages; views and the API
show `error.message`, tests import the constants."""

from django.utils.translation import gettext_lazy as _

from core.errors import RuleError

SIGN_IN = _("Sign in to track your progress.")
BAD_LEVEL = _("Choose a level from 1 (novice) to 5 (expert).")
UNKNOWN_SKILL = _("Choose a skill from the list.")

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

"""Progress's one user-facing exception and its messages; views and the API
show `error.message`, tests import the constants."""

from django.utils.translation import gettext_lazy as _

from core.errors import RuleError

SIGN_IN = _("Sign in to track your progress.")
BAD_LEVEL = _("Choose a level from 1 (novice) to 5 (expert).")
UNKNOWN_SKILL = _("Choose a skill from the list.")


class ProgressError(RuleError):
    """A progress rule refused an action; `message` says why."""

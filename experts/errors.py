"""The experts app's one user-facing exception and its messages; views show
`error.message`, tests import the constants."""

from django.utils.translation import gettext_lazy as _

from core.errors import RuleError

NOT_AN_EXPERT = _("Only approved experts have an expert page.")
NO_EXPERT_INDEX = _("The expert directory page does not exist yet.")
NOT_ACCEPTING = _("This expert is not taking mentees at the moment.")
MENTEES_FULL = _("This expert has as many mentees as they can take right now.")


class ExpertsError(RuleError):
    """A rule of the experts app refused an action; `message` says why."""

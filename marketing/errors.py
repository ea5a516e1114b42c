"""The one exception the marketing app raises for rules a user can break.

Views show `error.message`; tests import the constants.
"""

from django.utils.translation import gettext_lazy as _

from core.errors import RuleError

# Campaigns.
CAMPAIGN_NOT_EDITABLE = _(
    "This campaign has been sent (or is being sent), so it can no longer be changed."
)
CAMPAIGN_ALREADY_STARTED = _(
    "This campaign has already been sent (or is being sent); it cannot be sent again."
)
CAMPAIGN_NOT_SCHEDULED = _("Only a scheduled campaign can be unscheduled.")
CAMPAIGN_NOT_CANCELLABLE = _(
    "Only a scheduled campaign or one being sent can be stopped."
)
CAMPAIGN_STOPPED = _("Sending was stopped before this address was mailed.")
CAMPAIGN_EMPTY = _("Write something in the campaign before sending it.")
SCHEDULE_IN_PAST = _("Choose a time in the future.")
SCHEDULE_TOO_LATE = _("Choose a time within the next year.")
SEGMENT_NEEDS_SKILL = _("Choose the skill this segment is about.")
SEGMENT_NEEDS_CATEGORY = _("Choose the category this segment is about.")
SEGMENT_EMPTY = _(
    "Nobody in this segment wants the newsletter, so there is no one to send to."
)
NO_TEST_ADDRESS = _("Your account has no email address to send the test to.")
PREVIEW_MEMBER_UNKNOWN = _("No member has this email address or username.")


class MarketingError(RuleError):
    """A rule of the marketing app refused an action; `message` says why."""

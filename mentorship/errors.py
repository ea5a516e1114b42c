"""The mentorship app's one user-facing exception and its messages; views
show `error.message`, tests import the constants."""

from django.utils.translation import gettext_lazy as _

from core.errors import RuleError
from experts import errors as expert_errors
from sessions import errors as session_errors

# Asking for mentorship
OWN_MENTORSHIP = _("You cannot ask yourself for mentorship.")
EMAIL_NOT_VERIFIED = _("Please verify your email address before asking for mentorship.")
NOT_A_MENTOR = _("This person does not offer mentorship here.")
# The expert's page says the same before anyone asks.
NOT_ACCEPTING = expert_errors.NOT_ACCEPTING
MENTEES_FULL = expert_errors.MENTEES_FULL
ALREADY_REQUESTED = _("You already have a request waiting with this expert.")
ALREADY_MENTEE = _("This expert is already mentoring you.")
GOALS_EMPTY = _("Tell the expert what you would like to work on.")
MESSAGE_TOO_LONG = _("Please keep your message under 2,000 characters.")

# Answering and changing a mentorship
NOT_YOUR_REQUEST = _("You can only answer requests sent to you.")
NOT_YOUR_MENTORSHIP = _("You can only change your own mentorships.")
NOT_REQUESTED = _("This request has already been answered or withdrawn.")
NOT_ACTIVE = _("Only an active mentorship can be paused.")
NOT_PAUSED = _("Only a paused mentorship can be resumed.")
ALREADY_ENDED = _("This mentorship has already ended.")
PLAN_CLOSED = _("Goals and notes can be changed while the mentorship is under way.")
NOTES_TOO_LONG = _("Please keep the shared notes under 5,000 characters.")

# The questionnaire
GOALS_REQUIRED = _("Tell mentors what you want to achieve.")
BUDGET_MAX_REQUIRED = _("Say how much you can pay per session, or choose free only.")
BUDGET_MAX_FOR_FREE = _("Leave the amount empty when you want free mentoring only.")
LEVEL_OUT_OF_RANGE = _("Choose a level from 1 to 5.")
WEEKDAY_OUT_OF_RANGE = _("Choose a day of the week.")
UNKNOWN_LANGUAGE = _("Choose languages from the list.")
TARGET_NOT_ABOVE_CURRENT = _("Your target level must be above your current level.")
SKILL_TWICE = _("Each skill can be listed once.")
TOO_MANY_SKILLS = _("List at most %(max)d skills.")
WINDOW_ENDS_BEFORE_START = _("The end time must be after the start time.")
WINDOWS_OVERLAP = _("This time overlaps another window on the same day.")
TOO_MANY_WINDOWS = _("List at most %(max)d availability windows.")

# Conversations
CONVERSATION_CLOSED = _(
    "This mentorship is no longer open, so its conversation is read-only."
)
MESSAGE_EMPTY = _("Write a message before sending.")
CONVERSATION_MESSAGE_TOO_LONG = _("Please keep your message under 5,000 characters.")
REPLY_ELSEWHERE = _("You can only reply to a message of this conversation.")
REPORT_OWN_MESSAGE = _("You can only report messages the other person sent.")
REPORT_REASON_EMPTY = _("Tell us what is wrong with this message.")
REPORT_REASON_TOO_LONG = _("Please keep the reason under 1,000 characters.")
ALREADY_REPORTED = _("You have already reported this message; staff will look at it.")
NOT_STAFF = _("Only staff can resolve abuse reports.")
ALREADY_RESOLVED = _("This report has already been resolved.")

# 1:1 sessions
NOT_A_PARTICIPANT = _("Only the mentor and the mentee can do this.")
MENTORSHIP_NOT_ACTIVE = _("1:1 sessions can be arranged in an active mentorship only.")
ONE_TO_ONE_IN_PAST = _("Choose a time in the future.")
ONE_TO_ONE_TOO_SHORT = _("A 1:1 session lasts at least %(minutes)d minutes.")
ONE_TO_ONE_TOO_LONG = _("A 1:1 session lasts at most %(hours)d hours.")
ONE_TO_ONE_OVERLAPS = _("The mentor already has a confirmed 1:1 session at this time.")
NOTE_TOO_LONG = _("Please keep your note under 1,000 characters.")
MEETING_URL_MENTOR_ONLY = _("Only the mentor sets the meeting link.")
OWN_PROPOSAL = _("The other person answers your proposal; you can withdraw it.")
NOT_PROPOSED = _("This 1:1 session has already been answered or withdrawn.")
NOT_CANCELLABLE = _("This 1:1 session can no longer be cancelled.")
NOT_COMPLETABLE = _("Only the mentor can mark a confirmed 1:1 that has ended as done.")

# Reviews once a mentorship is completed
REVIEW_NOT_COMPLETED = _("You can review a mentorship once it is completed.")
# The review form is the session review form, and says the same.
REVIEW_RATING_INVALID = session_errors.REVIEW_RATING_INVALID
REVIEW_NO_RATING_FOR_MENTEE = _(
    "Mentors give their mentee written feedback only, without a rating."
)
REVIEW_FEEDBACK_EMPTY = _("Write your feedback before saving it.")
REVIEW_COMMENT_TOO_LONG = _("Please keep your review under 3,000 characters.")
REVIEW_FROZEN = _(
    "A review can be changed for %(days)d days after it is written; "
    "this one can no longer be changed."
)


class MentorshipError(RuleError):
    """A mentorship rule refused an action; `message` says why."""

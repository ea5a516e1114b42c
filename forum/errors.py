"""The forum's one user-facing exception and its messages; views and the
API show `error.message`, tests import the constants."""

from django.utils.translation import gettext_lazy as _

from core.errors import RuleError

# Who may post
SIGN_IN = _("Sign in to take part in the forum.")
EMAIL_NOT_VERIFIED = _("Please verify your email address before posting.")
BANNED = _("You cannot post, vote or flag in the forum: %(reason)s")
TOO_FAST = _("You are posting very quickly. Please wait a minute and try again.")
NEW_MEMBER_LIMIT = _(
    "New members can post %(count)d times an hour. Please try again a little later."
)
VOTING_TOO_FAST = _("You are voting very quickly. Please wait a minute.")

# What was typed
TITLE_TOO_SHORT = _("Give your question a title of at least %(min)d characters.")
TITLE_TOO_LONG = _("Please keep the title under %(max)d characters.")
BODY_EMPTY = _("Write something before posting.")
BODY_TOO_LONG = _("Please keep your post under %(max)s characters.")
UNKNOWN_CATEGORY = _("Choose a category from the list.")
TOO_MANY_SKILLS = _("Tag at most %(max)d skills.")

# Where it goes
THREAD_LOCKED = _("This thread is locked: it takes no new posts or votes.")
NOT_FOUND = _("No such thread or post here.")
REPLY_ELSEWHERE = _("You can only reply to a post in this thread.")

# Editing and deleting
NOT_YOUR_POST = _("You can only edit or delete your own posts.")
POST_DELETED = _("This post has been deleted.")
POST_HIDDEN = _("Staff have hidden this post; it cannot be changed.")
ACCEPTED_CANNOT_DELETE = _("An accepted answer cannot be deleted.")
QUESTION_HAS_ANSWERS = _(
    "This question has answers, so it stays; you can still edit it."
)

# Votes and accepting
OWN_POST_VOTE = _("You cannot vote on your own post.")
BAD_VOTE = _("A vote is up (1), down (-1) or withdrawn (0).")
VOTE_ON_ANSWERS_ONLY = _("Votes are for questions and answers, not replies.")
NOT_A_QUESTION = _("Only a question has an accepted answer.")
NOT_YOUR_QUESTION = _("Only the person who asked (or staff) can accept an answer.")
NOT_AN_ANSWER = _("Only an answer to this question can be accepted.")

# Answer it live
LIVE_NOT_A_HOST = _("Only experts who host sessions can answer a question live.")
LIVE_OWN_QUESTION = _("You asked this question; another expert can answer it live.")
LIVE_SOLVED = _("This question already has an accepted answer.")
LIVE_ALREADY = _("An expert is already answering this question live.")
RECAP_NOT_HOST = _("Only the host of this question's live session can post its recap.")
RECAP_TOO_EARLY = _("You can post the recap once the live session has started.")
RECAP_ALREADY = _("The recap of this live session is already posted.")

# Flags and moderation
FLAG_OWN_POST = _("You cannot flag your own post.")
ALREADY_FLAGGED = _("You have already flagged this post; staff will look at it.")
FLAGGING_TOO_FAST = _(
    "You have flagged %(count)d posts in the last hour. Please try again later."
)
BAD_FLAG_REASON = _("Choose why you are flagging this post.")
FLAG_DETAILS_TOO_LONG = _("Please keep the details under %(max)s characters.")
NOT_A_MODERATOR = _("Only forum moderators can do this.")
REASON_NEEDED = _("Say why, in a few words: the member is told.")
REASON_TOO_LONG = _("Please keep the reason under %(max)s characters.")
ALREADY_HIDDEN = _("This is already hidden.")
NOT_HIDDEN = _("This is not hidden.")
NO_OPEN_FLAGS = _("This post has no open flags.")
ALREADY_IN_CATEGORY = _("The thread is already in that category.")
CANNOT_BAN_STAFF = _("Staff and moderators cannot be banned from the forum.")
BAN_END_IN_PAST = _("A ban must end in the future (or leave the end empty).")
NOT_BANNED = _("This member is not banned.")


class ForumError(RuleError):
    """A forum rule refused an action; `message` says why."""

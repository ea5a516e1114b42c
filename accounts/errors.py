"""The accounts app's one user-facing exception and the messages it carries.

Forms reuse the same constants for their validation errors, so tests import
them from here instead of copying wording.
"""

from django.utils.translation import gettext_lazy as _

USERNAME_TAKEN = _("That username is already taken.")
USERNAME_CHARACTERS = _(
    "Use only letters, digits, hyphens (-) and underscores (_) in your username."
)
USERNAME_RESERVED = _("That username is reserved. Please choose another one.")
NOT_AN_IMAGE = _("Upload a JPEG, PNG, GIF or WebP image.")
IMAGE_TOO_LARGE = _("That image is too large; the limit is %(limit)s.")
IMAGE_TOO_MANY_PIXELS = _("That image has too many pixels; please make it smaller.")
LINKEDIN_DOMAIN = _("Enter the address of a page on linkedin.com.")
GITHUB_DOMAIN = _("Enter the address of a page on github.com.")
URL_NOT_HTTPS = _("Enter an address starting with https://.")
UNKNOWN_TIME_ZONE = _("Choose a time zone from the list.")
TOO_MANY_TAGS = _("Choose at most %(limit)s.")
TAG_TOO_LONG = _("Each entry can be at most %(limit)s characters long.")
END_BEFORE_START = _("The end date cannot be before the start date.")
APPLICATION_ALREADY_OPEN = _("You already have an application waiting for review.")
ALREADY_EXPERT = _("You are already an expert.")
APPLICATION_NOT_PENDING = _("This application has already been reviewed.")
EMAIL_NOT_VERIFIED = _("Please verify your email address first.")
ACCOUNT_NOT_DELETABLE = _("The account of %(user)s cannot be deleted yet. %(reasons)s")
ACCOUNT_STILL_REFERENCED = _(
    "The account of %(user)s cannot be deleted: %(things)s still refer to it."
)
WRONG_PASSWORD = _("That is not your password. Nothing has been deleted.")
TOO_MANY_ATTEMPTS = _(
    "Too many attempts. Please wait a minute and try again; nothing has been deleted."
)
WRONG_EMAIL = _(
    "That is not the email address of your account. Nothing has been deleted."
)


class AccountsError(Exception):
    """A rule of accounts or profiles was broken; the message is for the user."""

    def __init__(self, message, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field

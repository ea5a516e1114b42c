"""The payments app's one user-facing exception and its messages; views show
`error.message`, tests import the constants."""

from django.utils.translation import gettext_lazy as _

from core.errors import RuleError

# What members read; staff pages add which settings are missing
# (gateway.missing_settings).
NOT_CONFIGURED = _("Payments are not available yet.")
NOT_FOR_SALE = _("This is not for sale.")
ALREADY_OWNED = _("You already have access to this.")
ALREADY_MEMBER = _("You are already a member.")
UNKNOWN_PLAN = _("Choose a monthly or a yearly membership.")
STRIPE_UNAVAILABLE = _(
    "We could not reach our payment provider. Nothing was charged; please try "
    "again in a moment."
)
HOLD_EXPIRED = _(
    "The seat held for you has been released. Book again to get a new one."
)
EMAIL_NOT_VERIFIED = _("Please verify your email address before paying.")
PAYMENT_IN_PROGRESS = _(
    "Your payment for this has just gone through; we are confirming it. "
    "Check your dashboard in a minute."
)


class PaymentsError(RuleError):
    """A rule of the payments app refused an action; `message` says why."""

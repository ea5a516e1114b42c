"""The membership as a purchasable: monthly or yearly, priced in the
payments settings. Access follows the Stripe subscription (webhooks), so
`fulfil` and `revoke` have nothing to do."""

from django.utils.translation import gettext as _

from payments import errors
from payments.access import has_membership
from payments.errors import PaymentsError
from payments.models import Kind, PaymentSettings
from payments.registry import Offer

PLANS = {"monthly": "month", "yearly": "year"}


class Membership:
    kind = Kind.MEMBERSHIP

    def get_offer(self, *, user, object_id=None, plan: str = "") -> Offer:
        if plan not in PLANS:
            raise PaymentsError(errors.UNKNOWN_PLAN)
        if has_membership(user):
            raise PaymentsError(errors.ALREADY_MEMBER)
        prices = PaymentSettings.load()
        amount = (
            prices.membership_monthly_price
            if plan == "monthly"
            else prices.membership_yearly_price
        )
        return Offer(
            kind=self.kind,
            object_id=None,
            description=_("MasteryHub membership (%(plan)s)") % {"plan": plan},
            amount=amount,
            currency=prices.currency,
            return_path="/membership/",
            interval=PLANS[plan],
            plan=plan,
        )

    def fulfil(self, *, payment) -> None:
        """Access comes from the subscription events."""

    def revoke(self, *, payment) -> None:
        """Ending the subscription ends access."""

"""What deleting an account does to marketing (an accounts.deletion step):
the member's campaign copies keep counting in each campaign's report
without their address, and a newsletter subscription under their address
goes (digest records go with the account)."""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import ngettext

from marketing.models import CampaignDelivery, Subscriber


class MarketingAccountDeletion:
    def blockers(self, *, user) -> list[str]:
        return []

    def effects(self, *, user) -> list[str]:
        count = CampaignDelivery.objects.filter(user=user).count()
        if not count:
            return []
        return [
            ngettext(
                "%(count)d campaign email kept in its report, without the address.",
                "%(count)d campaign emails kept in their reports, without the address.",
                count,
            )
            % {"count": count}
        ]

    def release(self, *, user) -> None:
        # A placeholder unique per row, since each campaign holds an
        # address once; ".invalid" can never be delivered to.
        CampaignDelivery.objects.filter(user=user).update(
            user=None,
            email=Concat(
                Value("erased-"), Cast("pk", CharField()), Value("@example.invalid")
            ),
        )
        Subscriber.objects.filter(email__iexact=user.email).delete()

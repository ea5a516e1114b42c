"""A member's marketing email in their data download; registered with
`accounts.data_export` from MarketingConfig.ready(). Their consent (email
preferences) is in the account section."""

from accounts.data_export import iso
from marketing.models import CampaignDelivery, DigestSend, Subscriber


class MarketingDataExport:
    """The weekly digests and campaigns sent to them, and a newsletter
    subscription made from the footer form under their address."""

    name = "marketing"

    def export(self, *, user) -> dict:
        digests = DigestSend.objects.filter(user=user).order_by("week")
        deliveries = (
            CampaignDelivery.objects.filter(user=user)
            .select_related("campaign")
            .order_by("pk")
        )
        subscription = Subscriber.objects.filter(email__iexact=user.email).first()
        return {
            "weekly_digests": [
                {
                    "week": iso(digest.week),
                    "status": digest.status,
                    "items": digest.item_count,
                    "sent_at": iso(digest.sent_at),
                }
                for digest in digests
            ],
            "campaigns_received": [
                {
                    "subject": delivery.campaign.subject,
                    "status": delivery.status,
                    "sent_at": iso(delivery.sent_at),
                    "unsubscribed_at": iso(delivery.unsubscribed_at),
                }
                for delivery in deliveries
            ],
            "newsletter_form_subscription": subscription
            and {
                "email": subscription.email,
                "asked_at": iso(subscription.consented_at),
                "asked_through": subscription.consent_source,
                "confirmed_at": iso(subscription.confirmed_at),
            },
        }

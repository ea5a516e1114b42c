from django.apps import AppConfig


class MarketingConfig(AppConfig):
    name = "marketing"
    verbose_name = "Marketing"

    def ready(self):
        from allauth.account.signals import email_confirmed

        from accounts import deletion as account_deletion
        from marketing import consent, signals
        from marketing.campaign_deletion import CampaignAccountDeletion

        signals.connect()
        account_deletion.register(CampaignAccountDeletion())
        email_confirmed.connect(
            consent.adopt_newsletter_subscription, dispatch_uid="marketing.adopt"
        )

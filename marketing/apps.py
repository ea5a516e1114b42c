from django.apps import AppConfig


class MarketingConfig(AppConfig):
    name = "marketing"
    verbose_name = "Marketing"

    def ready(self):
        from allauth.account.signals import email_confirmed

        from accounts import data_export
        from accounts import deletion as account_deletion
        from marketing import consent, signals
        from marketing.data_export import MarketingDataExport
        from marketing.deletion import MarketingAccountDeletion

        signals.connect()
        account_deletion.register(MarketingAccountDeletion())
        data_export.register(MarketingDataExport())
        email_confirmed.connect(
            consent.adopt_newsletter_subscription, dispatch_uid="marketing.adopt"
        )

from django.apps import AppConfig


class MarketingConfig(AppConfig):
    name = "marketing"
    verbose_name = "Marketing"

    def ready(self):
        from allauth.account.signals import email_confirmed

        from marketing import consent, signals

        signals.connect()
        email_confirmed.connect(
            consent.adopt_newsletter_subscription, dispatch_uid="marketing.adopt"
        )

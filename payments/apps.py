from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments and access"

    def ready(self):
        from payments import registry
        from payments.membership import Membership

        registry.register(Membership())

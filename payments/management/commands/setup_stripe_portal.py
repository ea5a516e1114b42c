import stripe
from django.core.management.base import BaseCommand, CommandError

from payments import errors, gateway
from payments.errors import PaymentsError
from payments.services.stripe_catalog import setup_billing_portal


class Command(BaseCommand):
    help = (
        "Make Stripe's membership Product and Prices match the prices in "
        "Settings -> Payments and membership (found by lookup key; a Price is "
        "created only when an amount changed) and configure the Customer "
        "Portal members switch and cancel plans in. Safe to run again: run it "
        "after changing a membership price, or on every deploy."
    )

    def handle(self, *args, **options):
        missing = gateway.missing_settings()
        if missing:
            raise CommandError(
                f"{errors.NOT_CONFIGURED} Set {' and '.join(missing)} (see the README)."
            )
        try:
            configuration = setup_billing_portal()
        except PaymentsError as error:
            raise CommandError(str(error)) from error
        except stripe.StripeError as error:
            raise CommandError(
                f"Stripe refused: {error.user_message or error}"
            ) from error
        self.stdout.write(f"Customer Portal configured: {configuration}")

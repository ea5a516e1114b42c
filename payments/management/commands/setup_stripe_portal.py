from django.core.management.base import BaseCommand, CommandError

from payments import errors, gateway
from payments.errors import PaymentsError
from payments.services.checkout import setup_billing_portal


class Command(BaseCommand):
    help = (
        "Create the Stripe Customer Portal configuration members use to update "
        "their card and cancel (at the end of the paid period). Run once per "
        "Stripe account, after setting STRIPE_SECRET_KEY."
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
        self.stdout.write(f"Customer Portal configured: {configuration}")

"""The payments app's periodic job (see core.jobs)."""

from core.jobs import periodic_job
from payments.services.retention import prune_stripe_events


@periodic_job("prune old Stripe events")
def prune_old_stripe_events() -> int:
    return prune_stripe_events()

"""Marketing's periodic jobs (see core.jobs)."""

from core.jobs import periodic_job
from marketing import consent


@periodic_job("forget unconfirmed newsletter addresses")
def forget_unconfirmed_subscribers() -> int:
    return consent.forget_unconfirmed_subscribers()

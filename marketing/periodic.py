"""The marketing app's periodic jobs (see core.jobs)."""

from core.jobs import periodic_job
from marketing import consent
from marketing.campaigns import start_scheduled_campaigns
from marketing.digest_schedule import claim_weekly_digests


@periodic_job("forget unconfirmed newsletter addresses")
def forget_unconfirmed_subscribers() -> int:
    return consent.forget_unconfirmed_subscribers()


@periodic_job("send weekly digests")
def send_weekly_digests() -> int:
    return claim_weekly_digests()


@periodic_job("start scheduled campaigns")
def start_due_campaigns() -> int:
    return start_scheduled_campaigns()

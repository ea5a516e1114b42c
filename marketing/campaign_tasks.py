"""The task that sends a campaign, a batch at a time."""

from django_tasks import task

from marketing.campaign_delivery import deliver_campaign_batch


@task()
def send_campaign_batch(campaign_id: int) -> None:
    """Send up to a batch of the campaign's pending emails; queue the next
    batch once this one has committed."""
    outcome = deliver_campaign_batch(campaign_id=campaign_id)
    if outcome.more:
        send_campaign_batch.enqueue(campaign_id)

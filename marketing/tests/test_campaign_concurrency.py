"""Several workers sending one campaign at once, each on its own database
connection: every address gets one email."""

from collections import Counter

import pytest

from core.tests.concurrency import needs_row_locks, run_at_once
from marketing.campaign_delivery import deliver_campaign_batch
from marketing.campaigns import start_campaign
from marketing.models import Campaign, CampaignDelivery
from marketing.tests.campaign_factories import campaign, newsletter_member, subscriber

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres():
    needs_row_locks()


def test_workers_racing_over_a_campaign_mail_each_address_once(
    database_tasks, mailoutbox
):
    for n in range(9):
        newsletter_member(username=f"reader{n}")
    subscriber("visitor@example.org")
    chosen = campaign()
    start_campaign(campaign=chosen)  # its tasks wait in the database queue

    def work() -> int:
        handled = 0
        while True:
            outcome = deliver_campaign_batch(campaign_id=chosen.pk, size=2)
            if not outcome.handled:
                return handled
            handled += outcome.handled

    done = run_at_once(work, times=3)

    assert sum(done) == 10
    assert Counter(m.to[0] for m in mailoutbox).most_common(1)[0][1] == 1
    assert len(mailoutbox) == 10
    statuses = set(chosen.deliveries.values_list("status", flat=True))
    assert statuses == {CampaignDelivery.Status.SENT}
    chosen.refresh_from_db()
    assert chosen.status == Campaign.Status.SENT

"""Marketing in a member's data download and in deleting their account:
digests and campaigns they were sent, a footer subscription under their
address; deleting the account forgets that address everywhere here."""

import json
from datetime import date

import pytest
from django.utils import timezone

from accounts.data_export import export_account_data
from accounts.services import delete_account
from marketing.models import CampaignDelivery, DigestSend, Subscriber
from marketing.tests.campaign_factories import campaign
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _member_with_history():
    member = MemberFactory(email="grace@example.com")
    DigestSend.objects.create(
        user=member,
        week=date(2026, 11, 30),
        status=DigestSend.Status.SENT,
        item_count=4,
        sent_at=timezone.now(),
    )
    sent = campaign()
    CampaignDelivery.objects.create(
        campaign=sent,
        user=member,
        email=member.email,
        status=CampaignDelivery.Status.SENT,
        sent_at=timezone.now(),
    )
    Subscriber.objects.create(email="Grace@example.com", confirmed_at=timezone.now())
    return member, sent


def test_the_download_holds_digests_campaigns_and_the_subscription():
    member, sent = _member_with_history()
    data = json.loads(json.dumps(export_account_data(member)))
    marketing = data["sections"]["marketing"]
    assert marketing["weekly_digests"] == [
        {
            "week": "2026-11-30",
            "status": "sent",
            "items": 4,
            "sent_at": marketing["weekly_digests"][0]["sent_at"],
        }
    ]
    assert [c["subject"] for c in marketing["campaigns_received"]] == [sent.subject]
    subscription = marketing["newsletter_form_subscription"]
    assert subscription["email"] == "Grace@example.com"
    assert subscription["confirmed_at"]


def test_deleting_the_account_forgets_the_address_here():
    member, sent = _member_with_history()
    other = Subscriber.objects.create(email="ada@example.com")
    effects = delete_account(user=member, by=member)
    assert any("campaign" in effect for effect in effects)
    assert not DigestSend.objects.exists()
    assert list(Subscriber.objects.all()) == [other]
    delivery = sent.deliveries.get()
    assert delivery.user is None and "grace" not in delivery.email

"""Sending one batch of a campaign's deliveries (the body of the
send_campaign_batch task, kept apart so the services can import the task).

Exactly once per address: a batch locks pending rows with skip_locked, so
concurrent tasks take different rows, and marks each row sent or failed in
the transaction that sent it; a task that runs again finds nothing pending.
Consent is asked again here, since someone may have unsubscribed after the
campaign started.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.email_preferences import user_ids_not_wanting
from accounts.models import EmailKind, User
from core.tasks import send_email
from marketing.campaigns import BATCH_SIZE, build_campaign_email
from marketing.mailing import Recipient
from marketing.models import Campaign, CampaignDelivery, Subscriber

Status = CampaignDelivery.Status
ERROR_LENGTH = 1000


@dataclass(frozen=True)
class BatchOutcome:
    handled: int = 0
    remaining: int = 0

    @property
    def more(self) -> bool:
        """Whether a follow-up task is needed: rows are left and this batch
        moved on (a batch that found every row locked leaves the follow-up
        to the tasks holding them)."""
        return self.handled > 0 and self.remaining > 0


def deliver_campaign_batch(*, campaign_id: int, size: int = BATCH_SIZE) -> BatchOutcome:
    with transaction.atomic():
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is None or campaign.status != Campaign.Status.SENDING:
            return BatchOutcome()
        rows = list(
            CampaignDelivery.objects.filter(campaign=campaign, status=Status.PENDING)
            .select_for_update(skip_locked=True)
            .order_by("pk")[:size]
        )
        _send(campaign, rows)
        CampaignDelivery.objects.bulk_update(rows, ["status", "error", "sent_at"])
        remaining = campaign.deliveries.filter(status=Status.PENDING).count()
        if remaining == 0:
            Campaign.objects.filter(
                pk=campaign.pk, status=Campaign.Status.SENDING
            ).update(status=Campaign.Status.SENT, sent_at=timezone.now())
        return BatchOutcome(handled=len(rows), remaining=remaining)


def _send(campaign: Campaign, rows: list[CampaignDelivery]) -> None:
    user_ids = [row.user_id for row in rows if row.user_id]
    users = User.objects.select_related("profile").in_bulk(user_ids)
    unwilling = user_ids_not_wanting(EmailKind.NEWSLETTER, user_ids)
    subscribers = Subscriber.objects.in_bulk(
        [row.subscriber_id for row in rows if row.subscriber_id]
    )
    bodies: dict = {}
    for row in rows:
        recipient, reason = _recipient(row, users, unwilling, subscribers)
        if recipient is None:
            row.status, row.error = Status.SKIPPED, reason
            continue
        try:
            parts = build_campaign_email(
                campaign=campaign,
                recipient=recipient,
                campaign_id=campaign.pk,
                bodies=bodies,
            )
            send_email.call(**parts)
        except Exception as error:  # noqa: BLE001 - one address must not stop the rest
            row.status = Status.FAILED
            row.error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
        else:
            row.status, row.error, row.sent_at = Status.SENT, "", timezone.now()


def _recipient(row, users, unwilling, subscribers) -> tuple[Recipient | None, str]:
    if row.user_id:
        user = users.get(row.user_id)
        if user is None or user.pk in unwilling:
            return None, _("Unsubscribed from the newsletter after sending began.")
        if user.email.lower() != row.email.lower():
            return None, _("The member's email address changed after sending began.")
        return Recipient.for_user(user), ""
    subscriber = subscribers.get(row.subscriber_id) if row.subscriber_id else None
    if subscriber is None or not subscriber.is_confirmed:
        return None, _("Unsubscribed from the newsletter after sending began.")
    return Recipient.for_subscriber(subscriber), ""

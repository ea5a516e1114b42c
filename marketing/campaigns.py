"""Campaigns: written in the Wagtail admin, tried out (preview, test email),
then scheduled or sent to a segment (marketing.segments).

Starting a campaign makes one CampaignDelivery per address in a single
transaction, then batch tasks (marketing.campaign_tasks) send them. A
campaign that has started is frozen: no edits, no second start.
"""

import math
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import EmailKind, User
from core.tasks import send_email
from marketing import errors
from marketing.campaign_render import render_body_html, render_body_text
from marketing.errors import MarketingError
from marketing.mailing import Recipient, marketing_email
from marketing.models import Campaign, CampaignDelivery
from marketing.segments import list_segment_recipients

__all__ = ["list_segment_recipients"]

TEMPLATE_PREFIX = "marketing/email/campaign"
BATCH_SIZE = 100
# Tasks started at once for a big campaign; each queues the next when it is
# done, so more workers share the sending without flooding the queue.
PARALLEL_BATCHES = 4


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def check_segment(campaign: Campaign) -> None:
    if campaign.segment == Campaign.Segment.SKILL and not campaign.segment_skill_id:
        raise MarketingError(errors.SEGMENT_NEEDS_SKILL)
    if (
        campaign.segment == Campaign.Segment.ATTENDED
        and not campaign.segment_category_id
    ):
        raise MarketingError(errors.SEGMENT_NEEDS_CATEGORY)


def check_sendable(campaign: Campaign) -> None:
    check_segment(campaign)
    if not len(campaign.body):
        raise MarketingError(errors.CAMPAIGN_EMPTY)


@transaction.atomic
def create_campaign(
    *,
    subject: str,
    created_by: User | None = None,
    preheader: str = "",
    body: list | None = None,
    segment: str = Campaign.Segment.ALL,
    segment_skill=None,
    segment_category=None,
    slug: str = "",
) -> Campaign:
    """A draft. `body` takes StreamField data: [("paragraph", RichText(...)),
    ("session", session_page), ("button", {"label": ..., "url": ...})];
    `slug` (the utm_campaign) is made from the subject when blank."""
    campaign = Campaign(
        subject=subject,
        preheader=preheader,
        body=body or [],
        segment=segment,
        segment_skill=segment_skill,
        segment_category=segment_category,
        created_by=created_by,
        slug=slug,
    )
    check_segment(campaign)
    campaign.save()
    return campaign


@transaction.atomic
def save_campaign(*, campaign: Campaign) -> Campaign:
    """Save changes staff made to a campaign not yet started. The row is
    locked first: sending may have started since the form was opened."""
    saved = _locked(campaign) if campaign.pk is not None else None
    if saved is not None and not saved.is_editable:
        raise MarketingError(errors.CAMPAIGN_NOT_EDITABLE)
    if saved is not None and saved.status == Campaign.Status.SCHEDULED:
        # It goes out by itself: it must stay sendable.
        check_sendable(campaign)
    check_segment(campaign)
    campaign.save()
    return campaign


def build_campaign_email(
    *,
    campaign: Campaign,
    recipient: Recipient,
    campaign_id: int | None,
    bodies: dict | None = None,
) -> dict:
    """The send_email arguments for one recipient. `bodies` caches the
    rendered body by time zone across a batch (times are shown in the
    recipient's zone; the rest is the same for everyone)."""
    bodies = {} if bodies is None else bodies
    zone = recipient.time_zone or "UTC"
    if zone not in bodies:
        bodies[zone] = (
            render_body_html(campaign, time_zone=zone),
            render_body_text(campaign, time_zone=zone),
        )
    body_html, body_text = bodies[zone]
    return marketing_email(
        recipient=recipient,
        kind=EmailKind.NEWSLETTER,
        template_prefix=TEMPLATE_PREFIX,
        context={
            "campaign": campaign,
            "subject": campaign.subject,
            "preheader": campaign.preheader,
            "body_html": body_html,
            "body_text": body_text,
        },
        campaign_id=campaign_id,
    )


def preview_campaign(*, campaign: Campaign, member: User) -> dict:
    """The email `member` would get, rendered, not sent."""
    return build_campaign_email(
        campaign=campaign,
        recipient=Recipient.for_user(member),
        campaign_id=campaign.pk,
    )


@transaction.atomic
def send_test(*, campaign: Campaign, to_user: User) -> None:
    """The campaign to `to_user` alone, marked as a test. It counts for
    nothing: no delivery row, and its unsubscribe link names no campaign."""
    if not to_user.email:
        raise MarketingError(errors.NO_TEST_ADDRESS)
    parts = build_campaign_email(
        campaign=campaign, recipient=Recipient.for_user(to_user), campaign_id=None
    )
    parts["subject"] = f"[Test] {parts['subject']}"
    transaction.on_commit(lambda: send_email.enqueue(**parts))


@transaction.atomic
def schedule_campaign(*, campaign: Campaign, at: datetime) -> Campaign:
    campaign = _locked(campaign)
    if not campaign.is_editable:
        raise MarketingError(errors.CAMPAIGN_NOT_EDITABLE)
    if at <= timezone.now():
        raise MarketingError(errors.SCHEDULE_IN_PAST)
    check_sendable(campaign)
    campaign.status = Campaign.Status.SCHEDULED
    campaign.scheduled_at = at
    campaign.save(update_fields=["status", "scheduled_at", "updated_at"])
    return campaign


@transaction.atomic
def unschedule_campaign(*, campaign: Campaign) -> Campaign:
    campaign = _locked(campaign)
    if campaign.status != Campaign.Status.SCHEDULED:
        raise MarketingError(errors.CAMPAIGN_NOT_SCHEDULED)
    campaign.status = Campaign.Status.DRAFT
    campaign.scheduled_at = None
    campaign.save(update_fields=["status", "scheduled_at", "updated_at"])
    return campaign


def _create_deliveries(campaign: Campaign, recipients: list[Recipient]) -> int:
    """One pending row per address; rows that exist already stay as they
    are (the constraint on campaign and lower-cased address)."""
    before = campaign.deliveries.count()
    CampaignDelivery.objects.bulk_create(
        [
            CampaignDelivery(
                campaign=campaign,
                user_id=recipient.user_id,
                subscriber_id=recipient.subscriber_id,
                email=recipient.email,
            )
            for recipient in recipients
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return campaign.deliveries.count() - before


@transaction.atomic
def start_campaign(*, campaign: Campaign) -> Campaign:
    """Freeze the audience (one delivery per address, now) and start the
    batch tasks once this commits."""
    from marketing.campaign_tasks import send_campaign_batch

    campaign = _locked(campaign)
    if not campaign.is_editable:
        raise MarketingError(errors.CAMPAIGN_ALREADY_STARTED)
    check_sendable(campaign)
    _create_deliveries(campaign, list_segment_recipients(campaign))
    now = timezone.now()
    campaign.status = Campaign.Status.SENDING
    campaign.started_at = now
    campaign.save(update_fields=["status", "started_at", "updated_at"])
    total = campaign.deliveries.count()
    tasks = min(max(1, math.ceil(total / BATCH_SIZE)), PARALLEL_BATCHES)
    pk = campaign.pk

    def enqueue():
        for _ in range(tasks):
            send_campaign_batch.enqueue(pk)

    transaction.on_commit(enqueue)
    return campaign


@transaction.atomic
def stop_campaign(*, campaign: Campaign) -> Campaign:
    """Stop a scheduled campaign or one being sent; addresses not mailed
    yet are skipped."""
    campaign = _locked(campaign)
    if campaign.status not in (Campaign.Status.SCHEDULED, Campaign.Status.SENDING):
        raise MarketingError(errors.CAMPAIGN_NOT_CANCELLABLE)
    campaign.status = Campaign.Status.CANCELLED
    campaign.save(update_fields=["status", "updated_at"])
    campaign.deliveries.filter(status=CampaignDelivery.Status.PENDING).update(
        status=CampaignDelivery.Status.SKIPPED, error=str(errors.CAMPAIGN_STOPPED)
    )
    return campaign


def start_scheduled_campaigns(*, now: datetime | None = None) -> int:
    """Start every scheduled campaign that is due; how many started. Safe on
    two machines at once: start_campaign locks the row and refuses one that
    has started."""
    now = now or timezone.now()
    due = Campaign.objects.filter(
        status=Campaign.Status.SCHEDULED, scheduled_at__lte=now
    ).order_by("scheduled_at", "pk")
    started = 0
    for pk in list(due.values_list("pk", flat=True)):
        try:
            start_campaign(campaign=Campaign(pk=pk))
        except MarketingError:
            continue  # Started, unscheduled or stopped meanwhile.
        started += 1
    return started


def record_campaign_unsubscribe(*, campaign_id: int, email: str) -> bool:
    """Count an unsubscribe against the campaign whose email carried the
    link; False when that address got no copy of it."""
    updated = CampaignDelivery.objects.filter(
        campaign_id=campaign_id, email__iexact=email, unsubscribed_at__isnull=True
    ).update(unsubscribed_at=timezone.now())
    return bool(updated)

"""Demo campaigns for `seed_demo`: one sent, with its report filled in, and
one draft. Re-running finds them by slug and adds nothing."""

from django.utils import timezone
from wagtail.rich_text import RichText

from accounts.email_preferences import set_email_preference
from accounts.models import EmailKind, EmailPreferenceSource, User
from content.models import ArticlePage
from marketing.campaign_delivery import deliver_campaign_batch
from marketing.campaigns import create_campaign, start_campaign
from marketing.models import Campaign
from sessions.models import SessionPage

SENT_SLUG = "demo-this-month"
DRAFT_SLUG = "demo-for-experts"


def _body(intro: str) -> list:
    body = [("heading", "New at MasteryHub"), ("paragraph", RichText(intro))]
    session = (
        SessionPage.objects.live()
        .filter(starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    if session is not None:
        body.append(("session", session))
    article = ArticlePage.objects.live().order_by("-first_published_at").first()
    if article is not None:
        body.append(("article", article))
    body.append(("button", {"label": "Browse all sessions", "url": "/sessions/"}))
    return body


def seed_demo_campaigns(
    *, author: User, readers: list[User]
) -> tuple[Campaign, Campaign]:
    """`readers` say yes to the newsletter (as on their preferences page)
    and get the sent campaign, through the configured mail backend; the
    draft is for experts. Call after the sessions and articles exist."""
    for reader in readers:
        set_email_preference(
            user=reader,
            kind=EmailKind.NEWSLETTER,
            enabled=True,
            source=EmailPreferenceSource.PREFERENCES,
        )
    sent = Campaign.objects.filter(slug=SENT_SLUG).first()
    if sent is None:
        sent = create_campaign(
            subject="This month: live sessions and new articles",
            preheader="Book a seat before they go.",
            body=_body("<p>A few picks from this month's programme.</p>"),
            created_by=author,
            slug=SENT_SLUG,
        )
        start_campaign(campaign=sent)
        # Sent here, not by the worker, so the report is complete at once.
        while deliver_campaign_batch(campaign_id=sent.pk).handled:
            pass
        sent.refresh_from_db()
    draft = Campaign.objects.filter(slug=DRAFT_SLUG).first()
    if draft is None:
        draft = create_campaign(
            subject="Hosting tips for the new season",
            body=_body("<p>What made this season's best-rated sessions work.</p>"),
            segment=Campaign.Segment.EXPERTS,
            created_by=author,
            slug=DRAFT_SLUG,
        )
    return sent, draft

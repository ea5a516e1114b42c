"""Builders for campaign tests: members who want the newsletter, visitors'
subscriptions, campaigns."""

from django.utils import timezone

from accounts.email_preferences import set_email_preference
from accounts.models import EmailKind, EmailPreferenceSource
from marketing.campaigns import create_campaign
from marketing.models import Campaign, Subscriber
from sessions.tests.factories import MemberFactory


def newsletter_member(wants: bool = True, **kwargs):
    """A member who said yes (or, with `wants=False`, no) to the newsletter."""
    member = MemberFactory(**kwargs)
    set_email_preference(
        user=member,
        kind=EmailKind.NEWSLETTER,
        enabled=wants,
        source=EmailPreferenceSource.PREFERENCES,
    )
    return member


def subscriber(email: str, *, confirmed: bool = True) -> Subscriber:
    return Subscriber.objects.create(
        email=email, confirmed_at=timezone.now() if confirmed else None
    )


def campaign(**kwargs) -> Campaign:
    kwargs.setdefault("subject", "New sessions this month")
    kwargs.setdefault(
        "body",
        [
            ("heading", "Learn from practitioners"),
            ("button", {"label": "Browse sessions", "url": "/sessions/"}),
        ],
    )
    return create_campaign(**kwargs)

"""Marketing emails (the digest, campaigns, the newsletter): rendered with
the unsubscribe link and the RFC 8058 one-click headers every one of them
must carry. Transactional emails go through core.emails instead."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from accounts.models import User
from core.emails import render_email
from marketing import unsubscribe
from marketing.models import Subscriber


@dataclass(frozen=True)
class Recipient:
    """A member or a confirmed newsletter subscriber, as a mailing sees them."""

    email: str
    name: str = ""
    user_id: int | None = None
    subscriber_id: int | None = None
    time_zone: str = "UTC"

    @classmethod
    def for_user(cls, user: User) -> "Recipient":
        profile = getattr(user, "profile", None)
        return cls(
            email=user.email,
            name=user.get_short_name() or user.username,
            user_id=user.pk,
            time_zone=getattr(profile, "time_zone", "") or "UTC",
        )

    @classmethod
    def for_subscriber(cls, subscriber: Subscriber) -> "Recipient":
        return cls(email=subscriber.email, subscriber_id=subscriber.pk)


def marketing_email(
    *,
    recipient: Recipient,
    kind: str,
    template_prefix: str,
    context: dict,
    campaign_id: int | None = None,
) -> dict:
    """The keyword arguments of core.tasks.send_email for one recipient.

    The templates get `recipient`, `unsubscribe_url` and `preferences_url`
    besides `context`; the HTML part extends marketing/email/base.html.
    """
    token = unsubscribe.make_token(
        kind=kind,
        user_id=recipient.user_id,
        subscriber_id=recipient.subscriber_id,
        campaign_id=campaign_id,
    )
    unsubscribe_url = unsubscribe.unsubscribe_url(token)
    parts = render_email(
        template_prefix,
        {
            **context,
            "recipient": recipient,
            "site_url": settings.SITE_URL,
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": settings.SITE_URL
            + reverse("marketing_email_preferences"),
        },
    )
    parts["to"] = [recipient.email]
    parts["headers"] = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return parts

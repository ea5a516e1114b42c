"""Consent to marketing email: the newsletter's double opt-in for visitors,
members' choices, and unsubscribing from a signed link.

An address is never mailed on the strength of a form alone: the owner must
follow the link sent to it (double opt-in). Unconfirmed addresses are
forgotten after CONFIRMATION_DAYS.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.email_preferences import set_email_preference
from accounts.models import EmailKind, EmailPreferenceSource, User
from core.emails import queue_email
from marketing.campaigns import record_campaign_unsubscribe
from marketing.models import Subscriber

CONFIRMATION_DAYS = 7
CONFIRMATION_RESEND_MINUTES = 10
CONFIRM_SALT = "marketing.newsletter_confirm"


def _confirmation_token(subscriber: Subscriber) -> str:
    # The address is part of the token: a link for an address later
    # forgotten and subscribed again under the same id confirms nothing.
    return signing.dumps(
        {"subscriber": subscriber.pk, "email": subscriber.email.lower()},
        salt=CONFIRM_SALT,
    )


@transaction.atomic
def request_newsletter_subscription(
    *, email: str, source: str = "footer form", now: datetime | None = None
) -> None:
    """Ask `email`'s owner to confirm. Says nothing about whether the address
    is known (a member's, already subscribed): the form answers the same."""
    now = now or timezone.now()
    subscriber = (
        Subscriber.objects.select_for_update().filter(email__iexact=email).first()
    )
    if subscriber is None:
        subscriber = Subscriber.objects.create(
            email=email, consented_at=now, consent_source=source
        )
    elif subscriber.is_confirmed:
        return
    elif subscriber.confirmation_sent_at and subscriber.confirmation_sent_at > now - (
        timedelta(minutes=CONFIRMATION_RESEND_MINUTES)
    ):
        return
    subscriber.confirmation_sent_at = now
    subscriber.save(update_fields=["confirmation_sent_at"])
    confirm_path = reverse(
        "marketing_newsletter_confirm", args=[_confirmation_token(subscriber)]
    )
    queue_email(
        template_prefix="marketing/email/newsletter_confirm",
        to=subscriber.email,
        context={
            "confirm_url": settings.SITE_URL + confirm_path,
            "days": CONFIRMATION_DAYS,
        },
    )


@transaction.atomic
def confirm_newsletter_subscription(*, token: str, now: datetime | None = None) -> bool:
    """Confirm the address the token was sent to; False when the link is
    not ours, expired or its address was forgotten. A member's address
    becomes the member's own choice (their preferences page shows it)."""
    now = now or timezone.now()
    try:
        data = signing.loads(
            token, salt=CONFIRM_SALT, max_age=timedelta(days=CONFIRMATION_DAYS)
        )
    except signing.BadSignature:
        return False
    if not isinstance(data, dict) or not isinstance(data.get("subscriber"), int):
        return False
    subscriber = (
        Subscriber.objects.select_for_update()
        .filter(pk=data["subscriber"], email__iexact=str(data.get("email", "")))
        .first()
    )
    if subscriber is None:
        return False
    member = User.objects.filter(email__iexact=subscriber.email, is_active=True).first()
    if member is not None:
        set_email_preference(
            user=member,
            kind=EmailKind.NEWSLETTER,
            enabled=True,
            source=EmailPreferenceSource.NEWSLETTER_FORM,
        )
        subscriber.delete()
    elif not subscriber.is_confirmed:
        subscriber.confirmed_at = now
        subscriber.save(update_fields=["confirmed_at"])
    return True


def forget_unconfirmed_subscribers(*, now: datetime | None = None) -> int:
    """Delete addresses never confirmed within CONFIRMATION_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=CONFIRMATION_DAYS)
    deleted, _ = Subscriber.objects.filter(
        confirmed_at__isnull=True, consented_at__lt=cutoff
    ).delete()
    return deleted


@dataclass(frozen=True)
class Unsubscribed:
    kind: str
    email: str
    is_member: bool


def describe_unsubscribe_token(data: dict) -> Unsubscribed | None:
    """Who and what a valid token is about; None if they are gone."""
    if "user" in data:
        user = User.objects.filter(pk=data["user"], is_active=True).first()
        return user and Unsubscribed(data["kind"], user.email, True)
    subscriber = Subscriber.objects.filter(pk=data["subscriber"]).first()
    return subscriber and Unsubscribed(data["kind"], subscriber.email, False)


@transaction.atomic
def unsubscribe(*, data: dict, one_click: bool) -> Unsubscribed | None:
    """Stop the kind of email the token names, at once. Members keep their
    account and other emails; a visitor's address is forgotten."""
    whom = describe_unsubscribe_token(data)
    if whom is None:
        return None
    if whom.is_member:
        source = (
            EmailPreferenceSource.ONE_CLICK
            if one_click
            else EmailPreferenceSource.UNSUBSCRIBE_LINK
        )
        set_email_preference(
            user=User.objects.get(pk=data["user"]),
            kind=data["kind"],
            enabled=False,
            source=source,
        )
    else:
        Subscriber.objects.filter(pk=data["subscriber"]).delete()
    if "campaign" in data:
        record_campaign_unsubscribe(campaign_id=data["campaign"], email=whom.email)
    return whom


def set_member_preferences(*, user: User, choices: dict[str, bool]) -> None:
    """The preferences page: every kind at once, in one transaction."""
    with transaction.atomic():
        for kind, enabled in choices.items():
            set_email_preference(
                user=user,
                kind=kind,
                enabled=enabled,
                source=EmailPreferenceSource.PREFERENCES,
            )


def adopt_newsletter_subscription(sender, request, email_address, **kwargs) -> None:
    """allauth's email_confirmed: a visitor who subscribed, and now owns an
    account with that verified address, keeps their yes as a member, where
    their preferences page can change it."""
    subscriber = Subscriber.objects.filter(
        email__iexact=email_address.email, confirmed_at__isnull=False
    ).first()
    if subscriber is None:
        return
    with transaction.atomic():
        set_email_preference(
            user=email_address.user,
            kind=EmailKind.NEWSLETTER,
            enabled=True,
            source=EmailPreferenceSource.NEWSLETTER_FORM,
        )
        subscriber.delete()

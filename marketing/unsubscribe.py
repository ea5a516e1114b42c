"""Signed unsubscribe links: who (a member or a newsletter subscriber) and
which kind of email. They need no login and never expire, so an old
email's link still stops the emails."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from accounts.models import EmailKind

SALT = "marketing.unsubscribe"


def make_token(
    *,
    kind: str,
    user_id: int | None = None,
    subscriber_id: int | None = None,
    campaign_id: int | None = None,
) -> str:
    """`campaign_id` names the campaign whose email carried the link, so the
    campaign can count the unsubscribes it caused."""
    if (user_id is None) == (subscriber_id is None):
        raise ValueError("A token names a member or a subscriber, not both.")
    data = {"kind": kind}
    if user_id is None:
        data["subscriber"] = subscriber_id
    else:
        data["user"] = user_id
    if campaign_id is not None:
        data["campaign"] = campaign_id
    return signing.dumps(data, salt=SALT)


def read_token(token: str) -> dict | None:
    """{"user" or "subscriber": id, "kind": kind[, "campaign": id]}, or
    None if the token is not ours."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("kind") not in EmailKind.values:
        return None
    ids = [data.get(key) for key in ("user", "subscriber") if key in data]
    if len(ids) != 1 or not isinstance(ids[0], int):
        return None
    if not isinstance(data.get("campaign", 0), int):
        return None
    return data


def unsubscribe_url(token: str) -> str:
    return settings.SITE_URL + reverse("marketing_unsubscribe", args=[token])

"""Signed links that switch a kind of email off without signing in: the
salt says which kind, so a link for one never switches off another."""

from django.core import signing


def unsubscribe_token(user, *, salt: str) -> str:
    return signing.dumps({"user": user.pk}, salt=salt)


def user_id_from_unsubscribe_token(token: str, *, salt: str) -> int | None:
    # No expiry: an old email's link must still stop the emails.
    try:
        data = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    user_id = data.get("user") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None

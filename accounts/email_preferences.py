"""Which emails a member wants: one row per member and kind, read by every
app before it sends anything that is not transactional.

The apps that send (sessions, mentorship, forum, marketing) all sit above
accounts, so the choice lives here where each of them can ask.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts.models import (
    OPT_IN_EMAIL_KINDS,
    EmailKind,
    EmailPreference,
    EmailPreferenceSource,
    User,
)


def default_for(kind: str) -> bool:
    return kind not in OPT_IN_EMAIL_KINDS


def get_email_preferences(user: User) -> dict[str, bool]:
    """Every kind, in display order, with the member's choice or the default."""
    chosen = dict(
        EmailPreference.objects.filter(user=user).values_list("kind", "enabled")
    )
    return {kind: chosen.get(kind, default_for(kind)) for kind in EmailKind.values}


def wants_email(user: User, kind: str) -> bool:
    if not user.is_active or not user.email:
        return False
    enabled = (
        EmailPreference.objects.filter(user=user, kind=kind)
        .values_list("enabled", flat=True)
        .first()
    )
    return default_for(kind) if enabled is None else enabled


def list_users_who_want(kind: str, users: QuerySet | None = None) -> QuerySet:
    """Active members with an address who want `kind` (of `users`, or all)."""
    users = User.objects.all() if users is None else users
    choice = EmailPreference.objects.filter(user=OuterRef("pk"), kind=kind)
    if default_for(kind):
        wanted = ~Exists(choice.filter(enabled=False))
    else:
        wanted = Exists(choice.filter(enabled=True))
    return users.filter(wanted, is_active=True).exclude(email="")


def user_ids_not_wanting(kind: str, user_ids: Iterable[int]) -> set[int]:
    """Of `user_ids`, those who do not want `kind`: one query for a batch."""
    user_ids = set(user_ids)
    wanting = set(
        list_users_who_want(kind, User.objects.filter(pk__in=user_ids)).values_list(
            "pk", flat=True
        )
    )
    return user_ids - wanting


@transaction.atomic
def set_email_preference(
    *, user: User, kind: str, enabled: bool, source: str
) -> EmailPreference:
    """Record the member's choice for one kind, and when and how it was made.
    Saying the same thing again keeps the first record of it."""
    if kind not in EmailKind.values:
        raise ValueError(f"Unknown email kind {kind!r}")
    if source not in EmailPreferenceSource.values:
        raise ValueError(f"Unknown source {source!r}")
    preference = (
        EmailPreference.objects.select_for_update().filter(user=user, kind=kind).first()
    )
    if preference is None:
        return EmailPreference.objects.create(
            user=user, kind=kind, enabled=enabled, source=source
        )
    if preference.enabled != enabled:
        preference.enabled = enabled
        preference.source = source
        preference.changed_at = timezone.now()
        preference.save(update_fields=["enabled", "source", "changed_at"])
    return preference

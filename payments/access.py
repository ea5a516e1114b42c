"""The one premium gate: `can_view(user, page)`.

Every surface that could show premium text asks it: page HTML, search
results and excerpts, the REST and Wagtail APIs, feeds, the sitemap, meta
and Open Graph descriptions, previews. A page takes part by having an
`access` attribute (see `payments.premium.PremiumFields`); pages without one
are free.
"""

from datetime import UTC

from django.db.models import Q
from django.utils import timezone

from payments.models import Entitlement, Kind, MeteredView


class Access:
    FREE = "free"
    MEMBERSHIP = "membership"
    PURCHASE = "purchase"


def is_premium(page) -> bool:
    return getattr(page, "access", Access.FREE) != Access.FREE


def _active(user, **filters):
    now = timezone.now()
    return Entitlement.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=now),
        user=user,
        revoked_at__isnull=True,
        valid_from__lte=now,
        **filters,
    )


def has_membership(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return _active(user, kind=Kind.MEMBERSHIP).exists()


def owns_page(user, page) -> bool:
    return _active(user, kind=Kind.PAGE, object_id=page.pk).exists()


def month_start(now=None):
    now = timezone.localtime(now or timezone.now(), UTC)
    return now.date().replace(day=1)


def used_allowance_for(user, page) -> bool:
    return MeteredView.objects.filter(
        user=user, page_id=page.pk, month=month_start()
    ).exists()


def can_view(user, page) -> bool:
    """May this user read the whole of this page?"""
    if not is_premium(page):
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if getattr(page, "owner_id", None) == user.pk:
        return True
    if owns_page(user, page):
        return True
    if page.access == Access.MEMBERSHIP:
        return has_membership(user) or used_allowance_for(user, page)
    return False

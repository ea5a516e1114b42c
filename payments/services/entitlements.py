"""Granting and taking back access; purchasables call these from their
`fulfil` and `revoke`."""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from payments.models import Entitlement, Payment


def grant_entitlement(
    *,
    payment: Payment,
    kind: str,
    object_id: int | None,
    valid_until: datetime | None = None,
) -> Entitlement:
    """Once per payment (a unique constraint backs it)."""
    entitlement, _ = Entitlement.objects.get_or_create(
        source_payment=payment,
        defaults={
            "user_id": payment.user_id,
            "kind": kind,
            "object_id": object_id,
            "valid_until": valid_until,
        },
    )
    return entitlement


def revoke_entitlements(*, payment: Payment) -> int:
    return Entitlement.objects.filter(
        source_payment=payment, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def already_granted(*, payment: Payment) -> bool:
    """Whether the member already holds, through another payment, what this
    one buys."""
    if payment.user_id is None:
        return False
    return (
        Entitlement.objects.filter(
            user_id=payment.user_id,
            kind=payment.kind,
            object_id=payment.object_id,
            revoked_at__isnull=True,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=timezone.now()))
        .exclude(source_payment=payment)
        .exists()
    )


def revoke_granted(*, kind: str, object_ids: list[int]) -> int:
    """Access to things given up (cancelled bookings), whoever paid."""
    return Entitlement.objects.filter(
        kind=kind, object_id__in=object_ids, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())

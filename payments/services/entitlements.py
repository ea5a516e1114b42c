"""Granting and taking back access; purchasables call these from their
`fulfil` and `revoke`."""

from datetime import datetime

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

"""Row helpers for the webhook's writers."""

from typing import TypeVar

from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)


def lock_or_create(model: type[M], *, defaults: dict, **lookup) -> tuple[M, bool]:
    """The row matching `lookup` (unique), locked; created when missing. Two
    deliveries about the same new thing may race: the loser locks the
    winner's row instead of failing."""
    row = model.objects.select_for_update().filter(**lookup).first()
    if row is not None:
        return row, False
    try:
        with transaction.atomic():
            return model.objects.create(**lookup, **defaults), True
    except IntegrityError:
        return model.objects.select_for_update().get(**lookup), False

"""The monthly allowance: signed-in members without access may open a few
membership articles a month (PaymentSettings.free_articles_per_month)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from accounts.models import User
from payments.access import month_start, used_allowance_for
from payments.models import MeteredView, PaymentSettings


@dataclass(frozen=True)
class Allowance:
    used: int
    limit: int

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)


def get_allowance(user) -> Allowance:
    if not getattr(user, "is_authenticated", False):
        return Allowance(used=0, limit=0)
    limit = PaymentSettings.load().free_articles_per_month
    if not limit:
        return Allowance(used=0, limit=0)
    used = MeteredView.objects.filter(user=user, month=month_start()).count()
    return Allowance(used=used, limit=limit)


def use_allowance(*, user, page) -> bool:
    """Spend one of this month's free articles on `page` (free if already
    spent on it). False when none are left."""
    if not getattr(user, "is_authenticated", False):
        return False
    if used_allowance_for(user, page):
        return True
    limit = PaymentSettings.load().free_articles_per_month
    if not limit:
        return False
    try:
        with transaction.atomic():
            # One member's two tabs must not both take the last free article.
            User.objects.select_for_update().filter(pk=user.pk).first()
            month = month_start()
            if MeteredView.objects.filter(user=user, month=month).count() >= limit:
                return False
            MeteredView.objects.create(user=user, page_id=page.pk, month=month)
    except IntegrityError:
        pass  # The same page in a second tab: already counted.
    return True

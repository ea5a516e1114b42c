"""The ledger's totals: what was charged, what went back, and what is left,
per currency and optionally per month and per whoever a payment is credited
to. The expert's earnings and the staff's payments report both read these,
so the arithmetic lives here once.

Rules:
- A payment counts when it was paid (`Payment.SETTLED`, refunded ones
  included: the charge happened), in the month it was created (checkout
  opens and is paid within minutes; the model keeps no separate paid-at).
- A refund counts when it is money back or on its way back
  (`Refund.COUNTED`), in the month Stripe made it, not in the payment's:
  a closed month's figures do not change when a refund comes later, as in
  Stripe's own balance reports. Only refunds of a counted payment count
  (one not yet linked to its payment is not anyone's yet).
- Amounts in different currencies are never added together.

Two queries whatever the number of payments: charges grouped in the
database, refunds grouped in the database, merged here.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Expression, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from payments.models import Payment, Refund

ZERO = Decimal("0.00")


@dataclass
class LedgerTotal:
    """One line of totals: `month` (its first day) is None when not grouped
    by month, `key` None when not grouped by anything else."""

    currency: str
    month: date | None = None
    key: object = None
    payments: int = 0
    gross: Decimal = ZERO
    refunded: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.gross - self.refunded


def month_start(value, zone: ZoneInfo) -> date:
    """The calendar month (its first day) a TruncMonth value stands for:
    an aware datetime in `zone`, or a naive one on some backends."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(zone)
        return value.date().replace(day=1)
    return value.replace(day=1)


def _window(field: str, start: datetime | None, end: datetime | None) -> Q:
    window = Q()
    if start is not None:
        window &= Q(**{f"{field}__gte": start})
    if end is not None:
        window &= Q(**{f"{field}__lt": end})
    return window


def list_ledger_totals(
    payments: QuerySet[Payment],
    *,
    zone: ZoneInfo,
    start: datetime | None = None,
    end: datetime | None = None,
    per_month: bool = True,
    key: Expression | None = None,
) -> list[LedgerTotal]:
    """Totals of `payments` (any scope the caller chose: one expert's, one
    currency's, all) in [start, end), oldest month first, then by currency.

    `key` is an expression over Payment naming whom a payment is credited
    to; the layers above payments know that (an expert, through a booking
    or a page), so they pass it in."""
    settled = payments.filter(status__in=Payment.SETTLED)
    # Aliases, not field names: values() may not reuse a model field's name.
    charged_groups: dict = {"money": F("currency")}
    refund_groups: dict = {"money": F("refunds__currency")}
    if per_month:
        charged_groups["month"] = TruncMonth("created_at", tzinfo=zone)
        refund_groups["month"] = TruncMonth("refunds__created", tzinfo=zone)
    if key is not None:
        charged_groups["key"] = refund_groups["key"] = key

    charged = (
        settled.filter(_window("created_at", start, end))
        .values(**charged_groups)
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by()
    )
    # One filter() call, so the window and the sum read the same refund
    # rows (a second call would join the refunds table again).
    refunded = (
        settled.filter(
            _window("refunds__created", start, end),
            refunds__status__in=Refund.COUNTED,
        )
        .values(**refund_groups)
        .annotate(total=Sum("refunds__amount"))
        .order_by()
    )

    lines: dict[tuple, LedgerTotal] = {}

    def line(row) -> LedgerTotal:
        month = month_start(row["month"], zone) if per_month else None
        group = (month, row.get("key"), row["money"])
        if group not in lines:
            lines[group] = LedgerTotal(
                currency=row["money"], month=month, key=row.get("key")
            )
        return lines[group]

    for row in charged:
        found = line(row)
        found.payments += row["n"]
        found.gross += row["total"]
    for row in refunded:
        line(row).refunded += row["total"]
    return sorted(lines.values(), key=lambda t: (t.month or date.min, t.currency))

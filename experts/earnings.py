"""Which payments an expert earned: the one mapping from a payment to the
person it is credited to, used by the expert's insights and by the staff's
per-expert payments report.

`payments` sits below sessions and content and cannot know who hosts a
session or owns a page, so the mapping lives here and is handed to
`payments.reports` as a filter or a grouping expression.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from wagtail.models import Page

from payments.models import Kind, Payment
from payments.reports import LedgerTotal, list_ledger_totals
from sessions.models import Booking

# For each kind sold on an expert's behalf: what `Payment.object_id` is the
# id of, and the field there naming the expert. A seat is the host's; a
# premium page is its owner's (premium pages name no other owner in their
# `owner_fields`), so each payment is credited to one person and the
# per-expert totals add up to the whole.
CREDITED_THROUGH = {
    Kind.SESSION_SEAT: (Booking, "session__host"),
    Kind.PAGE: (Page, "owner"),
}


def list_payments_earned_by(expert) -> QuerySet[Payment]:
    """Every payment (any status) for the expert's seats and pages."""
    earned = Q()
    for kind, (model, field) in CREDITED_THROUGH.items():
        things = model.objects.filter(**{field: expert.pk}).values("pk")
        earned |= Q(kind=kind, object_id__in=things)
    return Payment.objects.filter(earned)


def credited_expert_id() -> Case:
    """The id of the user a payment is credited to, for `values()`; None for
    what no expert earns (memberships) or whose booking or page is gone."""
    return Case(
        *(
            When(
                kind=kind,
                then=Subquery(
                    model.objects.filter(pk=OuterRef("object_id")).values(field)[:1]
                ),
            )
            for kind, (model, field) in CREDITED_THROUGH.items()
        ),
        default=None,
        output_field=IntegerField(),
    )


def list_expert_earnings(
    expert, *, zone: ZoneInfo, start: datetime, end: datetime
) -> list[LedgerTotal]:
    """The expert's gross, refunded and net per month and currency."""
    return list_ledger_totals(
        list_payments_earned_by(expert), zone=zone, start=start, end=end
    )


def list_earnings_per_expert(
    payments: QuerySet[Payment],
    *,
    zone: ZoneInfo,
    start: datetime | None,
    end: datetime | None,
) -> list[LedgerTotal]:
    """Totals of `payments` per credited expert and currency (`key` is the
    expert's user id, None for payments no expert earned)."""
    return list_ledger_totals(
        payments,
        zone=zone,
        start=start,
        end=end,
        per_month=False,
        key=credited_expert_id(),
    )

"""What ends 1:1 sessions besides their own participants: the mentorship
ending (completed or cancelled, or an account deleted), and a 1:1 still
unpaid or unanswered when it was due to start.

Money follows one rule: a paid 1:1 that does not happen because its
mentorship ended is refunded in full, whoever ended it, as when the mentor
cancels it (nothing to weigh against a deadline: the mentorship itself is
gone). A 1:1 nobody paid for charges nothing; a payment that completes
after it lapsed is refunded by `OneToOneSlot.fulfil`, which finds it
cancelled. Refunds and Checkout expiry go out after commit, never to Stripe
under a lock (see one_to_ones).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from mentorship import one_to_one_emails
from mentorship.models import Mentorship, OneToOne
from mentorship.one_to_ones import cancellation_refund, mark_cancelled
from payments.models import Kind
from payments.refund_policy import CancellationRefund
from payments.services.refunds import refund_purchases

Status = OneToOne.Status
# Still to be answered or paid: neither can happen once the 1:1 has started.
LAPSING_STATUSES = (Status.PROPOSED, Status.AWAITING_PAYMENT)
# The reason Stripe's refund carries in its metadata.
MENTORSHIP_ENDED = "mentorship_ended"
# A lapsed 1:1 found later than this (the job was not running) is cancelled
# without telling anyone: the news would come days after the fact.
STALE_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class EndedOneToOne:
    one_to_one: OneToOne
    was_confirmed: bool
    # What goes back to the mentee (always in full); None when unpaid.
    refund: CancellationRefund | None


def upcoming_one_to_ones(mentorships, now: datetime | None = None):
    """The 1:1s of these mentorships (a queryset or ids) still to happen:
    proposed, awaiting payment or confirmed, starting after `now`. One that
    already started is left alone: a confirmed one is under way, and one
    unpaid or unanswered lapses by itself."""
    return OneToOne.objects.filter(
        mentorship__in=mentorships,
        status__in=OneToOne.UPCOMING_STATUSES,
        starts_at__gt=now or timezone.now(),
    )


def end_upcoming_one_to_ones(
    *, mentorship: Mentorship, by, how: str, tell: list
) -> list[EndedOneToOne]:
    """Cancel the upcoming 1:1s of a mentorship that is ending, in the
    transaction that ends it, with the mentor's mentorships already locked
    (`one_to_ones.lock_mentorship`): open Checkout pages are expired, access
    revoked, paid ones refunded in full. Each person in `tell` gets one
    email saying so, listing what was cancelled (a mentorship completed with
    nothing cancelled is announced by its review invitations instead)."""
    now = timezone.now()
    ended = []
    upcoming = (
        upcoming_one_to_ones([mentorship.pk], now)
        .select_for_update(of=("self",))
        .order_by("starts_at", "pk")
    )
    for one_to_one in upcoming:
        one_to_one.mentorship = mentorship
        was_confirmed = one_to_one.status == Status.CONFIRMED
        refund = cancellation_refund(one_to_one, by=by, now=now, in_full=True)
        mark_cancelled(one_to_one, now, by)
        ended.append(EndedOneToOne(one_to_one, was_confirmed, refund))
    refund_purchases(
        kind=Kind.MENTORSHIP,
        object_ids=[item.one_to_one.pk for item in ended if item.refund],
        reason=MENTORSHIP_ENDED,
    )
    # A completed one is announced by its review invitations; a cancelled
    # one always, 1:1s or not.
    if ended or how != one_to_one_emails.COMPLETED:
        one_to_one_emails.send_mentorship_ended(
            mentorship, ended, ended_by=by, how=how, to=tell
        )
    return ended


# --- 1:1s that lapse at their start ----------------------------------------------


def cancel_lapsed_one_to_ones() -> int:
    """Cancel each 1:1 still proposed or awaiting payment once its start has
    come: nobody answered the proposal, or the mentee never paid. It
    becomes cancelled with nobody as its canceller (what the 1:1 pages show
    as cancelled; no status of its own). Both are emailed (unless it is
    found over STALE_AFTER late); nothing was charged, and the Checkout page
    still open is expired. Run every minute by `run_periodic`, in any
    mentorship state; returns how many.

    At the start, not before: until then the mentee may still pay (Checkout
    and the webhook refuse a 1:1 that has started, so the two rules meet).
    Each 1:1 is locked alone and skipped when locked: the webhook holding
    it decides it (and refunds a 1:1 it finds started), and another sweep
    holding it is doing this one. Locking the 1:1 without its mentor's
    mentorships cannot deadlock: every other write locks those first."""
    now = timezone.now()
    due = OneToOne.objects.filter(status__in=LAPSING_STATUSES, starts_at__lte=now)
    cancelled = 0
    for pk in due.order_by("starts_at", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            one_to_one = (
                due.select_for_update(skip_locked=True, of=("self",))
                .select_related("mentorship__mentor", "mentorship__mentee")
                .filter(pk=pk)
                .first()
            )
            if one_to_one is None:
                continue
            unpaid = one_to_one.status == Status.AWAITING_PAYMENT
            mark_cancelled(one_to_one, now)
            if one_to_one.starts_at > now - STALE_AFTER:
                one_to_one_emails.send_cancelled(
                    one_to_one,
                    was_confirmed=False,
                    lapsed=(
                        one_to_one_emails.UNPAID
                        if unpaid
                        else one_to_one_emails.UNANSWERED
                    ),
                )
            cancelled += 1
    return cancelled

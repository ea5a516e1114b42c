"""1:1 sessions inside a mentorship: propose, accept, decline, cancel,
complete, and the payments seam (a paid 1:1 is confirmed by Stripe's
webhook only, through `mentorship.purchases.OneToOneSlot`).

Every write locks the mentor's mentorship rows first (in pk order), then the
1:1: a mentor's confirmed 1:1s must not overlap across all their mentees,
so two confirmations for the same mentor wait for each other. Emails, tasks,
Checkout expiry and refunds go out on commit, never to Stripe under a lock.
What ends 1:1s from outside (their mentorship ending, an account deleted,
a 1:1 unpaid or unanswered at its start) is in `mentorship.lifecycle`.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from experts.models import ExpertPage
from mentorship import errors, one_to_one_emails
from mentorship.errors import MentorshipError
from mentorship.models import NOTE_MAX_LENGTH, Mentorship, OneToOne
from payments import refund_policy
from payments.models import Kind
from payments.refund_policy import CancellationRefund
from payments.services.checkout import expire_open_checkouts
from payments.services.entitlements import revoke_granted
from payments.services.refunds import refund_purchases

Status = OneToOne.Status
SHORTEST = timedelta(minutes=15)
LONGEST = timedelta(hours=3)


# --- Reads under the lock -------------------------------------------------------


def lock_mentorship(mentorship_id: int, one_to_one_id: int | None = None):
    """Lock every mentorship of this mentorship's mentor, then the 1:1.

    Only the mentorship rows (`of`): the people joined in stay unlocked, so
    deleting an account (which locks its user row first) cannot deadlock
    with a 1:1 write of the same mentor."""
    mentor_id = (
        Mentorship.objects.filter(pk=mentorship_id)
        .values_list("mentor_id", flat=True)
        .get()
    )
    locked = {
        row.pk: row
        for row in Mentorship.objects.select_for_update(of=("self",))
        .filter(mentor_id=mentor_id)
        .select_related("mentor", "mentee")
        .order_by("pk")
    }
    mentorship = locked[mentorship_id]
    if one_to_one_id is None:
        return mentorship, None
    one_to_one = OneToOne.objects.select_for_update().get(pk=one_to_one_id)
    one_to_one.mentorship = mentorship
    return mentorship, one_to_one


def _check_participant(mentorship: Mentorship, user) -> None:
    if user.pk not in (mentorship.mentor_id, mentorship.mentee_id):
        raise MentorshipError(errors.NOT_A_PARTICIPANT)


def _check_active(mentorship: Mentorship) -> None:
    if mentorship.status != Mentorship.Status.ACTIVE:
        raise MentorshipError(errors.MENTORSHIP_NOT_ACTIVE)


def mentor_overlaps(
    *,
    mentor_id: int,
    starts_at: datetime,
    ends_at: datetime,
    exclude_pk: int | None = None,
) -> bool:
    """Whether the mentor has a confirmed 1:1 sharing any of this time."""
    return (
        OneToOne.objects.filter(
            mentorship__mentor_id=mentor_id,
            status=Status.CONFIRMED,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .exclude(pk=exclude_pk)
        .exists()
    )


def _check_slot(mentorship: Mentorship, starts_at, ends_at, exclude_pk=None) -> None:
    if mentor_overlaps(
        mentor_id=mentorship.mentor_id,
        starts_at=starts_at,
        ends_at=ends_at,
        exclude_pk=exclude_pk,
    ):
        raise MentorshipError(errors.ONE_TO_ONE_OVERLAPS)


def mentor_rate(mentor) -> tuple[Decimal, str]:
    """The mentor's rate per 1:1 from their expert page; no page or no rate
    means they mentor for free."""
    page = ExpertPage.objects.filter(expert=mentor).only("hourly_rate", "currency")
    page = page.first()
    if page is None or not page.hourly_rate:
        return Decimal("0.00"), page.currency if page else "EUR"
    return page.hourly_rate, page.currency


# --- Proposing and answering ------------------------------------------------------


def _lock_for_answer(one_to_one: OneToOne, by) -> tuple[Mentorship, OneToOne]:
    """Lock a proposal that `by`, the other participant, may answer."""
    mentorship, one_to_one = lock_mentorship(one_to_one.mentorship_id, one_to_one.pk)
    _check_participant(mentorship, by)
    if one_to_one.proposed_by_id == by.pk:
        raise MentorshipError(errors.OWN_PROPOSAL)
    if one_to_one.status != Status.PROPOSED:
        raise MentorshipError(errors.NOT_PROPOSED)
    return mentorship, one_to_one


@transaction.atomic
def propose_one_to_one(
    *,
    mentorship: Mentorship,
    by,
    starts_at: datetime,
    ends_at: datetime,
    note: str = "",
    meeting_url: str = "",
) -> OneToOne:
    """Either participant proposes a time; the other is emailed to answer.
    The price is the mentor's rate now, kept for this 1:1."""
    mentorship, _ = lock_mentorship(mentorship.pk)
    _check_participant(mentorship, by)
    _check_active(mentorship)
    if starts_at <= timezone.now():
        raise MentorshipError(errors.ONE_TO_ONE_IN_PAST)
    # In UTC: aware times in one zone subtract as wall-clock times, an hour
    # off on the night the clocks change.
    length = ends_at.astimezone(UTC) - starts_at.astimezone(UTC)
    if length < SHORTEST:
        minutes = SHORTEST.seconds // 60
        raise MentorshipError(errors.ONE_TO_ONE_TOO_SHORT % {"minutes": minutes})
    if length > LONGEST:
        hours = LONGEST.seconds // 3600
        raise MentorshipError(errors.ONE_TO_ONE_TOO_LONG % {"hours": hours})
    if len(note) > NOTE_MAX_LENGTH:
        raise MentorshipError(errors.NOTE_TOO_LONG)
    if meeting_url and by.pk != mentorship.mentor_id:
        raise MentorshipError(errors.MEETING_URL_MENTOR_ONLY)
    _check_slot(mentorship, starts_at, ends_at)
    price, currency = mentor_rate(mentorship.mentor)
    one_to_one = OneToOne.objects.create(
        mentorship=mentorship,
        proposed_by=by,
        starts_at=starts_at,
        ends_at=ends_at,
        note=note,
        meeting_url=meeting_url,
        price=price,
        currency=currency,
    )
    one_to_one_emails.send_proposed(one_to_one)
    return one_to_one


@transaction.atomic
def accept_one_to_one(*, one_to_one: OneToOne, by, meeting_url: str = "") -> OneToOne:
    """The other participant accepts: a free 1:1 is confirmed (calendar file
    and reminders); a paid one waits for the mentee's payment, at the price
    kept when it was proposed."""
    mentorship, one_to_one = _lock_for_answer(one_to_one, by)
    _check_active(mentorship)
    now = timezone.now()
    if one_to_one.starts_at <= now:
        raise MentorshipError(errors.ONE_TO_ONE_IN_PAST)
    if meeting_url and by.pk != mentorship.mentor_id:
        raise MentorshipError(errors.MEETING_URL_MENTOR_ONLY)
    _check_slot(mentorship, one_to_one.starts_at, one_to_one.ends_at, one_to_one.pk)
    one_to_one.accepted_at = now
    one_to_one.meeting_url = meeting_url or one_to_one.meeting_url
    if one_to_one.is_paid:
        one_to_one.status = Status.AWAITING_PAYMENT
        one_to_one.save()
        one_to_one_emails.send_awaiting_payment(one_to_one)
    else:
        _confirm(one_to_one)
    return one_to_one


def _confirm(one_to_one: OneToOne) -> None:
    one_to_one.status = Status.CONFIRMED
    one_to_one.save()
    one_to_one_emails.send_confirmed(one_to_one)
    _schedule_reminders(one_to_one)


@transaction.atomic
def decline_one_to_one(*, one_to_one: OneToOne, by) -> OneToOne:
    """The other participant turns the proposed time down."""
    mentorship, one_to_one = _lock_for_answer(one_to_one, by)
    one_to_one.status = Status.DECLINED
    one_to_one.save(update_fields=["status", "updated_at"])
    one_to_one_emails.send_declined(one_to_one)
    return one_to_one


# --- Cancelling, and what it gives back -------------------------------------------


def cancellation_refund(
    one_to_one: OneToOne,
    *,
    by,
    now: datetime | None = None,
    in_full: bool = False,
) -> CancellationRefund | None:
    """What cancelling now gives the mentee back: the refund policy when the
    mentee cancels, always in full when the mentor does (or `in_full`: the
    mentorship ends). None when nothing was paid (free, or not paid yet)."""
    if one_to_one.status != Status.CONFIRMED:
        return None
    refund = refund_policy.cancellation_refund(
        kind=Kind.MENTORSHIP,
        object_id=one_to_one.pk,
        starts_at=one_to_one.starts_at,
        now=now,
    )
    if refund is not None and (in_full or by.pk == one_to_one.mentorship.mentor_id):
        refund = CancellationRefund(
            payment=refund.payment,
            amount=refund.amount,
            currency=refund.currency,
            deadline=refund.deadline,
            refunded=True,
        )
    return refund


def mark_cancelled(one_to_one: OneToOne, now: datetime, by=None) -> None:
    """Cancel a locked 1:1 (`by` None: nobody did, it lapsed or could not be
    honoured); its refund and emails are the caller's."""
    one_to_one.status = Status.CANCELLED
    one_to_one.cancelled_at = now
    one_to_one.cancelled_by = by
    one_to_one.save(
        update_fields=["status", "cancelled_at", "cancelled_by", "updated_at"]
    )
    # Nothing left to pay for: its Checkout page is closed (after commit),
    # and a payment that completes anyway is refunded by its fulfilment.
    expire_open_checkouts(kind=Kind.MENTORSHIP, object_ids=[one_to_one.pk])
    revoke_granted(kind=Kind.MENTORSHIP, object_ids=[one_to_one.pk])


@transaction.atomic
def cancel_one_to_one(*, one_to_one: OneToOne, by) -> OneToOne:
    """Either participant calls it off before the start (a proposer
    withdraws their proposal the same way). A paid, confirmed 1:1 is
    refunded by `cancellation_refund`, after commit."""
    mentorship, one_to_one = lock_mentorship(one_to_one.mentorship_id, one_to_one.pk)
    _check_participant(mentorship, by)
    if one_to_one.status == Status.CANCELLED:
        return one_to_one  # a second click changes nothing
    now = timezone.now()
    if one_to_one.status not in OneToOne.UPCOMING_STATUSES:
        raise MentorshipError(errors.NOT_CANCELLABLE)
    if one_to_one.starts_at <= now:
        raise MentorshipError(errors.NOT_CANCELLABLE)
    refund = cancellation_refund(one_to_one, by=by, now=now)
    was_confirmed = one_to_one.status == Status.CONFIRMED
    mark_cancelled(one_to_one, now, by)
    if refund is not None and refund.refunded:
        reason = "mentor_cancelled" if by.pk == mentorship.mentor_id else "cancelled"
        refund_purchases(
            kind=Kind.MENTORSHIP, object_ids=[one_to_one.pk], reason=reason
        )
    one_to_one_emails.send_cancelled(
        one_to_one, was_confirmed=was_confirmed, refund=refund
    )
    return one_to_one


@transaction.atomic
def complete_one_to_one(*, one_to_one: OneToOne, by) -> OneToOne:
    """The mentor marks a confirmed 1:1 that has ended as done."""
    mentorship, one_to_one = lock_mentorship(one_to_one.mentorship_id, one_to_one.pk)
    _check_participant(mentorship, by)
    if one_to_one.status == Status.COMPLETED:
        return one_to_one
    done = one_to_one.status == Status.CONFIRMED and one_to_one.ends_at <= (
        timezone.now()
    )
    if by.pk != mentorship.mentor_id or not done:
        raise MentorshipError(errors.NOT_COMPLETABLE)
    one_to_one.status = Status.COMPLETED
    one_to_one.save(update_fields=["status", "updated_at"])
    return one_to_one


# --- The payments seam ----------------------------------------------------------


@transaction.atomic
def confirm_paid_one_to_one(*, one_to_one_id: int) -> OneToOne | None:
    """The mentee paid. Idempotent (webhooks repeat) and never raises: a 1:1
    still awaiting payment, in the future, in a mentorship under way (active
    or paused: pausing keeps what both already agreed) and not overlapping
    the mentor's other confirmed 1:1s is confirmed; anything else (cancelled
    with its mentorship, lapsed unpaid at its start) is returned
    unconfirmed, and payments refunds."""
    one_to_one = OneToOne.objects.filter(pk=one_to_one_id).first()
    if one_to_one is None:
        return None
    mentorship, one_to_one = lock_mentorship(one_to_one.mentorship_id, one_to_one.pk)
    if one_to_one.status != Status.AWAITING_PAYMENT:
        return one_to_one
    still_valid = (
        mentorship.status in (Mentorship.Status.ACTIVE, Mentorship.Status.PAUSED)
        and one_to_one.starts_at > timezone.now()
        and not mentor_overlaps(
            mentor_id=mentorship.mentor_id,
            starts_at=one_to_one.starts_at,
            ends_at=one_to_one.ends_at,
            exclude_pk=one_to_one.pk,
        )
    )
    if still_valid:
        _confirm(one_to_one)
    else:
        mark_cancelled(one_to_one, timezone.now())
        one_to_one_emails.send_cancelled(one_to_one, was_confirmed=False)
    return one_to_one


@transaction.atomic
def release_refunded_one_to_one(*, one_to_one_id: int) -> OneToOne | None:
    """Payments refunded this 1:1 in full (staff in Stripe's Dashboard, or a
    payment we could not honour): it does not happen."""
    one_to_one = OneToOne.objects.filter(pk=one_to_one_id).first()
    if one_to_one is None:
        return None
    _, one_to_one = lock_mentorship(one_to_one.mentorship_id, one_to_one.pk)
    if one_to_one.status not in (Status.CONFIRMED, Status.AWAITING_PAYMENT):
        return one_to_one
    was_confirmed = one_to_one.status == Status.CONFIRMED
    mark_cancelled(one_to_one, timezone.now())
    one_to_one_emails.send_cancelled(one_to_one, was_confirmed=was_confirmed)
    return one_to_one


# --- Reminders ----------------------------------------------------------------


def _schedule_reminders(one_to_one: OneToOne) -> None:
    from mentorship.tasks import send_one_to_one_reminder
    from sessions.tasks import schedule_reminders_before

    schedule_reminders_before(
        send_one_to_one_reminder, one_to_one.starts_at, one_to_one_id=one_to_one.pk
    )


def send_reminder(*, one_to_one_id: int, starts_at: str, hours_before: int) -> bool:
    """Send one reminder to both if it still applies; returns whether sent."""
    one_to_one = (
        OneToOne.objects.select_related("mentorship__mentor", "mentorship__mentee")
        .filter(pk=one_to_one_id)
        .first()
    )
    if one_to_one is None or one_to_one.status != Status.CONFIRMED:
        return False
    if one_to_one.starts_at != datetime.fromisoformat(starts_at):
        return False
    if one_to_one.starts_at <= timezone.now():
        return False
    one_to_one_emails.send_reminder(one_to_one, hours_before=hours_before)
    return True

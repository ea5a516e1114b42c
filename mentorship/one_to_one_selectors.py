"""Reads for the 1:1 pages: a member's own mentorships and their 1:1s, with
what this member may do to each."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mentorship.models import Mentorship, OneToOne
from sessions.timezones import format_for_member

Status = OneToOne.Status


def get_own_mentorship_or_404(user, mentorship_id: int) -> Mentorship:
    """Someone else's mentorship is a 404: its existence is none of their
    business."""
    return get_object_or_404(
        Mentorship.objects.select_related("mentor", "mentee").filter(
            Q(mentor=user) | Q(mentee=user)
        ),
        pk=mentorship_id,
    )


def get_own_one_to_one_or_404(user, one_to_one_id: int) -> OneToOne:
    return get_object_or_404(
        OneToOne.objects.select_related(
            "mentorship__mentor", "mentorship__mentee", "proposed_by"
        ).filter(Q(mentorship__mentor=user) | Q(mentorship__mentee=user)),
        pk=one_to_one_id,
    )


def list_one_to_ones(mentorship: Mentorship) -> QuerySet[OneToOne]:
    return mentorship.one_to_ones.select_related("proposed_by").order_by(
        "-starts_at", "-pk"
    )


@dataclass(frozen=True)
class OneToOneRow:
    """One 1:1 as this member sees it: times in their zone, and the buttons
    the services would accept from them now."""

    one_to_one: OneToOne
    starts: str
    ends: str
    can_answer: bool
    can_cancel: bool
    can_pay: bool
    can_complete: bool


def one_to_one_row(one_to_one: OneToOne, user, now: datetime) -> OneToOneRow:
    status = one_to_one.status
    mentorship = one_to_one.mentorship
    ahead = one_to_one.starts_at > now
    active = mentorship.status == Mentorship.Status.ACTIVE
    can_answer = (
        status == Status.PROPOSED
        and ahead
        and active
        and one_to_one.proposed_by_id != user.pk
    )
    return OneToOneRow(
        one_to_one=one_to_one,
        starts=format_for_member(one_to_one.starts_at, user),
        ends=format_for_member(one_to_one.ends_at, user),
        can_answer=can_answer,
        # A proposal made to this member is declined, not cancelled.
        can_cancel=status in OneToOne.UPCOMING_STATUSES and ahead and not can_answer,
        can_pay=status == Status.AWAITING_PAYMENT
        and ahead
        and user.pk == mentorship.mentee_id,
        can_complete=status == Status.CONFIRMED
        and one_to_one.ends_at <= now
        and user.pk == mentorship.mentor_id,
    )


def list_one_to_one_rows(mentorship: Mentorship, user) -> list[OneToOneRow]:
    now = timezone.now()
    rows = []
    for one_to_one in list_one_to_ones(mentorship):
        one_to_one.mentorship = mentorship
        rows.append(one_to_one_row(one_to_one, user, now))
    return rows

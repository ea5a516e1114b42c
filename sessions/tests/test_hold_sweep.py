"""`run_periodic` releases lapsed seat holds and waitlist offers, even when
no deferred task did (no worker, a lost task, a backend that cannot defer)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.tests.concurrency import ensure_site_tree, needs_row_locks, run_at_once
from sessions.models import Booking
from sessions.tests.factories import BookingFactory, SessionPageFactory

Status = Booking.Status
SWEEP = "release lapsed seat holds and waitlist offers"


def sweep():
    call_command("run_periodic", "--job", SWEEP)


def held(session, *, minutes_left: int, waitlisted: bool = False) -> Booking:
    now = timezone.now()
    return BookingFactory(
        session=session,
        status=Status.PENDING,
        hold_expires_at=now + timedelta(minutes=minutes_left),
        waitlisted_at=now - timedelta(hours=1) if waitlisted else None,
    )


def waiting(session, minutes_ago: int) -> Booking:
    return BookingFactory(
        session=session,
        status=Status.WAITLISTED,
        waitlisted_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


@pytest.mark.django_db
def test_a_lapsed_hold_is_released_and_its_seat_offered_to_the_waitlist(
    django_capture_on_commit_callbacks, time_machine
):
    session = SessionPageFactory(price=Decimal("30"), max_participants=1)
    payer = held(session, minutes_left=30)
    first, second = waiting(session, 20), waiting(session, 10)

    time_machine.move_to(payer.hold_expires_at - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    payer.refresh_from_db()
    assert payer.status == Status.PENDING and not mail.outbox  # not yet

    time_machine.move_to(payer.hold_expires_at + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
        sweep()  # a second run (or machine) changes nothing more
    payer.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert payer.status == Status.CANCELLED
    assert (first.status, second.status) == (Status.PENDING, Status.WAITLISTED)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert len(mail.outbox) == 2
    assert "hold has expired" in subjects[payer.member.email]
    assert "pay by" in subjects[first.member.email]


@pytest.mark.django_db
def test_a_lapsed_waitlist_offer_passes_to_the_next_in_line(
    django_capture_on_commit_callbacks, time_machine
):
    session = SessionPageFactory(price=Decimal("30"), max_participants=1)
    offered = held(session, minutes_left=60, waitlisted=True)
    next_in_line = waiting(session, 5)
    time_machine.move_to(offered.hold_expires_at + timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    offered.refresh_from_db()
    next_in_line.refresh_from_db()
    assert offered.status == Status.CANCELLED
    assert next_in_line.status == Status.PENDING
    assert next_in_line.hold_expires_at > timezone.now()


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_release_each_hold_once():
    needs_row_locks()
    ensure_site_tree()
    sessions = [
        SessionPageFactory(price=Decimal("30"), max_participants=1) for _ in range(4)
    ]
    holds = [held(session, minutes_left=-1) for session in sessions]
    offers = [waiting(session, 5) for session in sessions]
    run_at_once(sweep)
    for booking in holds:
        booking.refresh_from_db()
        assert booking.status == Status.CANCELLED
    for booking in offers:
        booking.refresh_from_db()
        assert booking.status == Status.PENDING
    # One "your hold has expired" and one offer per session, not two.
    assert len(mail.outbox) == 2 * len(sessions)

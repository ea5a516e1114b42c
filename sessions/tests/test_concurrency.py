"""Capacity holds when many requests book the last seats at the same moment,
each on its own database connection (as separate server processes would).

PostgreSQL only: SQLite serialises every writer, which would prove nothing.
"""

import threading

import pytest
from django.db import connection

from core.tests.concurrency import ensure_site_tree, needs_row_locks
from sessions.models import Booking
from sessions.services.booking import book_session
from sessions.tests.factories import MemberFactory, SessionPageFactory

Status = Booking.Status
PEOPLE = 12
SEATS = 3


@pytest.mark.django_db(transaction=True)
def test_twelve_members_racing_for_three_seats_get_exactly_three():
    needs_row_locks()
    ensure_site_tree()
    session = SessionPageFactory(max_participants=SEATS)
    members = [MemberFactory() for _ in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE)
    outcomes: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def book(member):
        try:
            barrier.wait(timeout=30)
            booking = book_session(session=session, member=member)
            with lock:
                outcomes.append(booking.status)
        except BaseException as error:  # noqa: BLE001 - reported below
            with lock:
                failures.append(error)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=book, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not failures, failures
    assert sorted(outcomes).count(Status.CONFIRMED) == SEATS
    assert sorted(outcomes).count(Status.WAITLISTED) == PEOPLE - SEATS
    stored = Booking.objects.filter(session=session)
    assert stored.filter(status=Status.CONFIRMED).count() == SEATS
    assert stored.filter(status=Status.WAITLISTED).count() == PEOPLE - SEATS

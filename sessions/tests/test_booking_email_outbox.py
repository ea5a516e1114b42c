"""A booking and its email commit together with the database task queue:
a database that goes away between the two cannot keep one and lose the
other (the fault drill in bench/load found a kept booking whose email was
never queued)."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from sessions.models import Booking
from sessions.services.booking import book_session
from sessions.tests.factories import MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


def _email_tasks() -> int:
    return DBTaskResult.objects.filter(task_path="core.tasks.send_email").count()


def test_the_email_is_queued_in_the_bookings_own_transaction(
    database_tasks, django_capture_on_commit_callbacks
):
    session = SessionPageFactory()
    # What runs after the commit is never run here: the email must not
    # wait for it.
    with django_capture_on_commit_callbacks(execute=False):
        book_session(session=session, member=MemberFactory())

    assert _email_tasks() == 1


def test_a_booking_rolled_back_leaves_no_email(database_tasks):
    session = SessionPageFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        book_session(session=session, member=MemberFactory())
        raise RuntimeError("the database went away")

    assert not Booking.objects.exists()
    assert _email_tasks() == 0

"""A host's cancel, reschedule or message reaches every participant through
the task queue: nothing is rendered while the session row is locked, and
each email is then sent (and retried) on its own."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from core import emails
from core.tests.task_support import run_ready_tasks
from sessions import calendar
from sessions.models import Booking
from sessions.services import hosting
from sessions.tests.factories import BookingFactory, MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db
EMAIL_TASKS = ["core.tasks.send_email", "sessions.tasks.notify_participants"]
NEW_START = datetime(2031, 7, 1, 14, 0, tzinfo=UTC)


@pytest.fixture
def session():
    return SessionPageFactory(max_participants=3)


@pytest.fixture
def render():
    with mock.patch.object(
        emails, "render_email", wraps=emails.render_email
    ) as rendered:
        yield rendered


def run_after_commit(callbacks, capture) -> None:
    """Commit: run the service's on-commit callbacks, and the worker."""
    with capture(execute=True):
        for callback in callbacks:
            callback()
    with capture(execute=True):
        run_ready_tasks()  # the fan-out task queues one send per participant
    run_ready_tasks()  # and the sends go out


def queued_email_tasks() -> list[str]:
    # Publishing the page queues its search indexing too; that is not mail.
    return sorted(
        DBTaskResult.objects.filter(status="READY")
        .filter(task_path__in=EMAIL_TASKS)
        .values_list("task_path", flat=True)
    )


def test_cancelling_queues_the_emails_instead_of_rendering_them_under_the_lock(
    session, database_tasks, render, django_capture_on_commit_callbacks
):
    confirmed = BookingFactory(session=session)
    waiting = BookingFactory(session=session, status=Booking.Status.WAITLISTED)
    with django_capture_on_commit_callbacks() as callbacks:
        assert hosting.cancel_session(session=session, by=session.host) == 2
    assert render.call_count == 0
    assert queued_email_tasks() == []  # not even queued before commit

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert queued_email_tasks() == ["sessions.tasks.notify_participants"]
    assert render.call_count == 0 and mail.outbox == []

    run_after_commit([], django_capture_on_commit_callbacks)
    assert render.call_count == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [confirmed.member.email, waiting.member.email]
    )
    assert all("Cancelled" in m.subject for m in mail.outbox)


def test_rescheduling_queues_the_emails_with_the_old_and_new_time(
    session, database_tasks, render, django_capture_on_commit_callbacks
):
    old_start = session.starts_at
    tokyo = BookingFactory(
        session=session, member=MemberFactory(time_zone="Asia/Tokyo")
    )
    with django_capture_on_commit_callbacks() as callbacks:
        hosting.reschedule_session(
            session=session,
            starts_at=NEW_START,
            ends_at=NEW_START + timedelta(hours=2),
            by=session.host,
        )
    assert render.call_count == 0 and mail.outbox == []

    run_after_commit(callbacks, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == [tokyo.member.email]
    # Both times in the member's zone: 14:00 UTC is 23:00 in Tokyo.
    assert "23:00" in message.body.split("New time:")[1].splitlines()[0]
    was = calendar.format_time(old_start, tokyo.member, session)
    assert f"It was: {was}" in message.body


def test_the_hosts_message_is_queued_too(
    session, database_tasks, render, django_capture_on_commit_callbacks
):
    BookingFactory(session=session)
    BookingFactory(session=session)
    with django_capture_on_commit_callbacks() as callbacks:
        count = hosting.email_participants(
            session=session,
            subject="Bring a laptop",
            message="Python 3.11",
            by=session.host,
        )
    assert count == 2
    assert render.call_count == 0

    run_after_commit(callbacks, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert all(m.subject.endswith("Bring a laptop") for m in mail.outbox)
    assert all("Python 3.11" in m.body for m in mail.outbox)

"""Reminders 24 h and 1 h before: scheduled at booking, re-checked when they
run, written in the member's time zone."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sessions.models import Booking, SessionPage
from sessions.services.booking import book_session, cancel_booking, schedule_reminders
from sessions.tests.booking_support import (
    DEFERRING_BACKEND,
    DeferringImmediateBackend,
    deferred,
    run_due,
)
from sessions.tests.factories import MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db
Status = Booking.Status
# Europe moves its clocks forward at 01:00 UTC on this Sunday.
DST_SUNDAY = datetime(2031, 3, 30, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _tasks(settings):
    settings.TASKS = {"default": {"BACKEND": DEFERRING_BACKEND}}
    DeferringImmediateBackend.deferred.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _session(start=DST_SUNDAY, **kwargs):
    return SessionPageFactory(
        starts_at=start, ends_at=start + timedelta(hours=2), **kwargs
    )


def _book(commit, session, member):
    with commit():
        booking = book_session(session=session, member=member)
    mail.outbox.clear()
    return booking


def _reminders():
    return [m for m in mail.outbox if "Tomorrow" in m.subject or "hour" in m.subject]


def test_booking_schedules_reminders_a_day_and_an_hour_before(commit):
    session = _session()
    booking = _book(commit, session, MemberFactory())
    scheduled = deferred("send_booking_reminder")
    assert sorted(task.run_after for task, _ in scheduled) == [
        DST_SUNDAY - timedelta(hours=24),
        DST_SUNDAY - timedelta(hours=1),
    ]
    for _task, kwargs in scheduled:
        assert kwargs["booking_id"] == booking.pk
        assert kwargs["starts_at"] == DST_SUNDAY.isoformat()


def test_reminders_already_past_are_not_scheduled(commit):
    session = _session(start=timezone.now() + timedelta(hours=3))
    _book(commit, session, MemberFactory())
    [(task, kwargs)] = deferred("send_booking_reminder")
    assert kwargs["hours_before"] == 1


def test_reminders_arrive_on_time(commit, time_machine):
    member = MemberFactory()
    session = _session(title="Window functions")
    _book(commit, session, member)
    time_machine.move_to(DST_SUNDAY - timedelta(hours=24))
    with commit():
        assert run_due() == [True]
    [day_before] = mail.outbox
    assert day_before.to == [member.email]
    assert day_before.subject == "[MasteryHub] Tomorrow: Window functions"
    assert "secret-room-42" in day_before.body
    time_machine.move_to(DST_SUNDAY - timedelta(hours=1))
    with commit():
        assert run_due() == [True]
    assert (
        mail.outbox[-1].subject == "[MasteryHub] Starting in an hour: Window functions"
    )


def test_no_reminder_after_the_booking_is_cancelled(commit, time_machine):
    member = MemberFactory()
    booking = _book(commit, _session(), member)
    with commit():
        cancel_booking(booking=booking, by=member)
    mail.outbox.clear()
    time_machine.move_to(DST_SUNDAY - timedelta(hours=1))
    with commit():
        assert run_due() == [False, False]
    assert mail.outbox == []


def test_no_reminder_when_the_session_is_cancelled(commit, time_machine):
    session = _session()
    _book(commit, session, MemberFactory())
    session.status = SessionPage.Status.CANCELLED
    session.save()
    time_machine.move_to(DST_SUNDAY - timedelta(hours=1))
    with commit():
        run_due()
    assert _reminders() == []


def test_moved_session_reminds_at_the_new_time_only(commit, time_machine):
    session = _session(title="Moved")
    booking = _book(commit, session, MemberFactory())
    later = DST_SUNDAY + timedelta(days=2)
    session.starts_at, session.ends_at = later, later + timedelta(hours=2)
    session.save()
    # What the reschedule service does after moving a session.
    booking.refresh_from_db()
    with commit():
        schedule_reminders(booking=booking)
    time_machine.move_to(DST_SUNDAY - timedelta(minutes=30))
    with commit():
        assert run_due() == [False, False]  # the old start's reminders
    assert _reminders() == []
    time_machine.move_to(later - timedelta(minutes=30))
    with commit():
        assert run_due() == [True, True]
    assert len(_reminders()) == 2


def test_reminder_shows_the_members_zone_and_the_sessions_across_dst(
    commit, time_machine
):
    # New York has been on summer time since 9 March; Berlin switches that
    # very morning, so the two are six hours apart again (not five).
    member = MemberFactory(time_zone="America/New_York")
    session = _session(time_zone="Europe/Berlin")
    _book(commit, session, member)
    time_machine.move_to(DST_SUNDAY - timedelta(hours=24))  # still CET in Berlin
    with commit():
        run_due()
    [reminder] = mail.outbox
    assert "04:00 EDT" in reminder.body
    assert "10:00 CEST" in reminder.body


def test_reminder_for_a_london_member_uses_summer_time(commit, time_machine):
    member = MemberFactory(time_zone="Europe/London")
    session = _session(time_zone="Europe/London")
    _book(commit, session, member)
    time_machine.move_to(DST_SUNDAY - timedelta(hours=24))  # still GMT today
    with commit():
        run_due()
    [reminder] = mail.outbox
    assert "09:00 BST" in reminder.body
    assert "08:00" not in reminder.body
    # Same zone as the session: it is not repeated beside it.
    assert "session’s time zone" not in reminder.body

import csv
import io
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import EXPERTS_GROUP_NAME
from accounts.tests.factories import StaffFactory
from sessions import errors
from sessions.errors import SessionsError
from sessions.models import Booking, SessionPage
from sessions.services import hosting
from sessions.tests.factories import (
    BookingFactory,
    ExpertFactory,
    MemberFactory,
    SessionPageFactory,
)
from sessions.timezones import format_for_member

pytestmark = pytest.mark.django_db

NEW_START = datetime(2031, 7, 1, 14, 0, tzinfo=UTC)
NEW_END = NEW_START + timedelta(hours=2)


@pytest.fixture
def session():
    session = SessionPageFactory(max_participants=3)
    session.host.groups.add(Group.objects.get(name=EXPERTS_GROUP_NAME))
    return session


@pytest.fixture
def host_client(client, session):
    client.force_login(session.host)
    return client


def book(session, status=Booking.Status.CONFIRMED, **kwargs):
    return BookingFactory(session=session, status=status, **kwargs)


def test_csv_export_lists_every_participant(host_client, session):
    ada = book(session, member=MemberFactory(name="Ada", email="ada@example.com"))
    book(
        session,
        status=Booking.Status.WAITLISTED,
        member=MemberFactory(name="=cmd|calc", email="eve@example.com"),
    )
    response = host_client.get(reverse("sessions_host_export", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["name", "email", "status", "booked_at", "booked"]
    assert rows[1][:3] == ["Ada", "ada@example.com", "Confirmed"]
    assert rows[1][3] == ada.created_at.astimezone(UTC).isoformat()
    # The same moment in the site's one format, in the host's zone.
    assert rows[1][4] == format_for_member(ada.created_at, session.host)
    # A formula-like name is neutralised for spreadsheets.
    assert rows[2][:3] == ["'=cmd|calc", "eve@example.com", "On the waitlist"]


def test_attendance_is_refused_before_the_start(host_client, session):
    booking = book(session)
    with pytest.raises(SessionsError) as caught:
        hosting.mark_attendance(booking=booking, status=Booking.Status.ATTENDED)
    assert caught.value.message == errors.ATTENDANCE_TOO_EARLY
    url = reverse("sessions_host_attendance", args=[session.pk])
    host_client.post(url, {"booking": booking.pk, "status": "attended"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_attendance_is_marked_after_the_start(host_client, session):
    came, missed = book(session), book(session)
    waiting = book(session, status=Booking.Status.WAITLISTED)
    url = reverse("sessions_host_attendance", args=[session.pk])
    with time_machine.travel(session.starts_at + timedelta(minutes=30), tick=False):
        host_client.post(url, {"booking": came.pk, "status": "attended"})
        host_client.post(url, {"booking": missed.pk, "status": "no_show"})
        host_client.post(url, {"booking": waiting.pk, "status": "attended"})
        response = host_client.post(url, {"booking": came.pk, "status": "bogus"})
    assert response.status_code == 302
    statuses = {b.pk: b.status for b in Booking.objects.all()}
    assert statuses == {
        came.pk: Booking.Status.ATTENDED,
        missed.pk: Booking.Status.NO_SHOW,
        waiting.pk: Booking.Status.WAITLISTED,
    }


def test_attendance_for_another_sessions_booking_is_404(host_client, session):
    other = book(SessionPageFactory())
    url = reverse("sessions_host_attendance", args=[session.pk])
    with time_machine.travel(other.session.starts_at + timedelta(minutes=5)):
        response = host_client.post(url, {"booking": other.pk, "status": "attended"})
    assert response.status_code == 404


def test_email_all_reaches_each_confirmed_participant_only(
    host_client, session, django_capture_on_commit_callbacks
):
    confirmed = [book(session), book(session)]
    book(session, status=Booking.Status.WAITLISTED)
    book(session, status=Booking.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client.post(
            reverse("sessions_host_email", args=[session.pk]),
            {"subject": "Bring a laptop", "message": "With Python 3.11 & pip."},
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        b.member.email for b in confirmed
    )
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees the others
    assert "Bring a laptop" in mail.outbox[0].subject
    assert "With Python 3.11 & pip." in mail.outbox[0].body


def test_cancel_cancels_every_booking_and_emails_everyone(
    host_client, session, django_capture_on_commit_callbacks
):
    bookings = [
        book(session),
        book(session, status=Booking.Status.WAITLISTED),
        book(session, status=Booking.Status.PENDING),
    ]
    book(session, status=Booking.Status.CANCELLED)
    url = reverse("sessions_host_cancel", args=[session.pk])
    assert host_client.post(url, {}).status_code == 200  # confirmation needed
    with django_capture_on_commit_callbacks(execute=True):
        host_client.post(url, {"confirm": "on"})
    session.refresh_from_db()
    assert session.status == SessionPage.Status.CANCELLED
    assert session.live_revision.as_object().status == SessionPage.Status.CANCELLED
    assert set(Booking.objects.values_list("status", flat=True)) == {
        Booking.Status.CANCELLED
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        b.member.email for b in bookings
    )
    assert all("Cancelled" in m.subject for m in mail.outbox)
    with pytest.raises(SessionsError) as caught:
        hosting.cancel_session(session=session)
    assert caught.value.message == errors.SESSION_ALREADY_CANCELLED


def test_reschedule_publishes_and_emails_the_new_time_in_each_zone(
    host_client, session, django_capture_on_commit_callbacks
):
    tokyo = book(session, member=MemberFactory(time_zone="Asia/Tokyo"))
    waiting = book(session, status=Booking.Status.WAITLISTED)
    with (
        mock.patch("sessions.services.booking.schedule_reminders") as reminders,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = host_client.post(
            reverse("sessions_host_reschedule", args=[session.pk]),
            {"starts_at": "2031-07-01T14:00", "ends_at": "2031-07-01T16:00"},
        )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == (NEW_START, NEW_END)
    assert session.live_revision.as_object().starts_at == NEW_START
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {tokyo.member.email, waiting.member.email}
    # 14:00 UTC is 23:00 in Tokyo.
    assert "23:00" in by_address[tokyo.member.email].body
    assert "New time" in by_address[tokyo.member.email].subject
    # Only the confirmed booking gets reminders re-planned.
    assert [c.kwargs["booking"].pk for c in reminders.call_args_list] == [tokyo.pk]


def test_reschedule_reads_times_in_the_sessions_zone(host_client):
    session = SessionPageFactory(time_zone="America/New_York")
    host_client.force_login(session.host)
    session.host.groups.add(Group.objects.get(name=EXPERTS_GROUP_NAME))
    with mock.patch("sessions.services.booking.schedule_reminders"):
        host_client.post(
            reverse("sessions_host_reschedule", args=[session.pk]),
            {"starts_at": "2031-07-01T10:00", "ends_at": "2031-07-01T12:00"},
        )
    session.refresh_from_db()
    assert session.starts_at == NEW_START  # 10:00 EDT is 14:00 UTC


def test_reschedule_refuses_bad_times(host_client, session):
    url = reverse("sessions_host_reschedule", args=[session.pk])
    response = host_client.post(
        url, {"starts_at": "2031-07-01T14:00", "ends_at": "2031-07-01T13:00"}
    )
    assert response.status_code == 200
    assert str(errors.TIMES_INVALID) in response.content.decode()
    response = host_client.post(
        url, {"starts_at": "2001-07-01T14:00", "ends_at": "2001-07-01T15:00"}
    )
    assert str(errors.TIMES_IN_PAST) in response.content.decode()
    original = session.starts_at
    session.refresh_from_db()
    assert session.starts_at == original


def test_reschedule_keeps_an_unpublished_draft_unpublished(session):
    session.title = "Draft title"
    session.save_revision()
    session.refresh_from_db()
    with mock.patch("sessions.services.booking.schedule_reminders"):
        hosting.reschedule_session(
            session=session, starts_at=NEW_START, ends_at=NEW_END
        )
    session.refresh_from_db()
    assert session.title != "Draft title"
    assert session.starts_at == NEW_START
    draft = session.get_latest_revision_as_object()
    assert (draft.title, draft.starts_at) == ("Draft title", NEW_START)


def take_offline(session):
    """What staff do to a session that must come down: unpublish it."""
    session.save_revision(user=session.host).publish(user=session.host)
    session.unpublish(user=StaffFactory(is_superuser=True))
    session.refresh_from_db()
    assert not session.live


def do_cancel(client, session):
    return client.post(
        reverse("sessions_host_cancel", args=[session.pk]), {"confirm": "on"}
    )


def do_reschedule(client, session):
    with mock.patch("sessions.services.booking.schedule_reminders"):
        return client.post(
            reverse("sessions_host_reschedule", args=[session.pk]),
            {"starts_at": "2031-07-01T14:00", "ends_at": "2031-07-01T16:00"},
        )


# action -> (do it, what it changes)
CHANGES = {
    "cancel": (do_cancel, {"status": SessionPage.Status.CANCELLED}),
    "reschedule": (do_reschedule, {"starts_at": NEW_START, "ends_at": NEW_END}),
}


@pytest.mark.parametrize("action", list(CHANGES))
def test_a_session_taken_offline_stays_offline(
    host_client, session, action, django_capture_on_commit_callbacks
):
    take_offline(session)
    book(session)
    attempt, changed = CHANGES[action]
    with django_capture_on_commit_callbacks(execute=True):
        response = attempt(host_client, session)
    assert response.status_code == 302
    session.refresh_from_db()
    assert not session.live
    assert Client().get(session.get_url()).status_code == 404
    for name, value in changed.items():
        # What bookings read, and what a later publish would put online.
        assert getattr(session, name) == value
        assert getattr(session.get_latest_revision_as_object(), name) == value


def test_a_session_taken_offline_cannot_be_copied_to_another_date(host_client, session):
    take_offline(session)
    book(session, status=Booking.Status.WAITLISTED)
    response = host_client.post(
        reverse("sessions_host_duplicate", args=[session.pk]),
        {"starts_at": "2031-07-01T14:00", "ends_at": "2031-07-01T16:00"},
    )
    assert response.status_code == 200
    assert str(errors.SESSION_OFFLINE) in response.content.decode()
    assert SessionPage.objects.count() == 1


def test_duplicate_moves_the_waitlist_in_order_up_to_capacity(
    host_client, session, django_capture_on_commit_callbacks
):
    for _ in range(3):
        book(session)
    waiting = [book(session, status=Booking.Status.WAITLISTED) for _ in range(5)]
    # The queue is by waitlisted_at, not by row order: the second joined first.
    base = session.starts_at - timedelta(days=3)
    for position, booking in zip((1, 0, 2, 3, 4), waiting, strict=True):
        Booking.objects.filter(pk=booking.pk).update(
            waitlisted_at=base + timedelta(minutes=position)
        )
    waiting[0], waiting[1] = waiting[1], waiting[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client.post(
            reverse("sessions_host_duplicate", args=[session.pk]),
            {"starts_at": "2031-07-01T14:00", "ends_at": "2031-07-01T16:00"},
        )
    copy = SessionPage.objects.exclude(pk=session.pk).get()
    assert response["Location"] == reverse("sessions_host_participants", args=[copy.pk])
    assert copy.live and copy.owner_id == session.owner_id
    assert copy.host_id == session.host_id and copy.slug != session.slug
    assert (copy.starts_at, copy.max_participants) == (NEW_START, 3)
    moved = list(copy.bookings.order_by("pk"))
    assert [b.member_id for b in moved] == [b.member_id for b in waiting[:3]]
    assert {b.status for b in moved} == {Booking.Status.CONFIRMED}
    old = {b.pk: b.status for b in Booking.objects.filter(session=session)}
    assert [old[b.pk] for b in waiting] == [Booking.Status.CANCELLED] * 3 + [
        Booking.Status.WAITLISTED
    ] * 2
    confirmations = [m for m in mail.outbox if m.to == [waiting[0].member.email]]
    assert confirmations, "the moved member is told about the new booking"


def test_the_cancel_page_warns_that_it_cannot_be_undone(client):
    host = ExpertFactory()
    session = SessionPageFactory(host=host, owner=host)
    client.force_login(StaffFactory())
    response = client.get(reverse("sessions_host_cancel", args=[session.pk]))
    assert "This cannot be undone." in response.content.decode()


def test_the_hosts_workspace_shows_times_in_the_sites_one_format(host_client, session):
    # Stored in UTC; the host reads their own clock first and the session's
    # zone once, as members do on the site.
    starts = datetime(2031, 1, 14, 15, 0, tzinfo=UTC)
    SessionPage.objects.filter(pk=session.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=1), time_zone="Europe/London"
    )
    session.host.profile.time_zone = "Europe/Berlin"
    session.host.profile.save(update_fields=["time_zone"])
    for name in ("sessions_host_index", "sessions_host_participants"):
        args = [] if name == "sessions_host_index" else [session.pk]
        text = host_client.get(reverse(name, args=args)).text
        assert "Tue 14 Jan 2031, 16:00 CET</time>" in text
        assert "(session time 15:00 GMT, Europe/London)" in text
        assert "15:00 UTC" not in text

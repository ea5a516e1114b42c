"""A session behind Wagtail's Privacy setting (a password, members only, a
group, on the session or on the index above it): nothing about it reaches
someone who may not see the page, on any surface that names a session; and
whoever typed the password (and the host, and staff) still can book it."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from accounts.tests.factories import StaffFactory
from core.tests.factories import enter_page_password, restrict
from sessions.calendar import member_feed_ics
from sessions.models import Booking, Review
from sessions.services.booking import send_reminder
from sessions.services.booking_emails import waitlist_token
from sessions.tests.booking_support import DEFERRING_BACKEND, DeferringImmediateBackend
from sessions.tests.factories import (
    BookingFactory,
    MemberFactory,
    SessionPageFactory,
    get_session_index,
)

pytestmark = pytest.mark.django_db
Status = Booking.Status
TITLE = "Salary negotiation clinic"
SECRET = "secret-room-42"
BOOKINGS_API = "/api/v1/bookings/"


@pytest.fixture(autouse=True)
def _tasks(settings):
    settings.TASKS = {"default": {"BACKEND": DEFERRING_BACKEND}}
    DeferringImmediateBackend.deferred.clear()


@pytest.fixture
def private():
    session = SessionPageFactory(title=TITLE)
    session.restriction = restrict(session)
    return session


@pytest.fixture
def member():
    return MemberFactory()


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _unlocked(user, session) -> Client:
    """A browser where `user` (None: a visitor) typed the session's password."""
    client = _signed_in(user) if user else Client()
    assert enter_page_password(client, session.restriction, session).status_code == 302
    return client


def _book_html(client, session):
    return client.post(reverse("booking_create", args=[session.pk]))


def _book_api(client, session):
    return client.post(
        BOOKINGS_API, {"session_id": session.pk}, content_type="application/json"
    )


def _ics(client, session):
    return client.get(reverse("session_ics", args=[session.pk]))


def _detail_api(client, session):
    return client.get(f"/api/v1/sessions/{session.pk}/")


# What a browser asks about one session by its id, and how it answers once
# the password was typed.
SURFACES = {
    "book (HTML)": (_book_html, 302),
    "book (API v1)": (_book_api, 201),
    "calendar file": (_ics, 200),
    "session (API v1)": (_detail_api, 200),
}


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_without_the_password_a_session_is_not_found(surface, who, private, member):
    ask, _ = SURFACES[surface]
    client = _signed_in(member) if who == "member" else Client()

    response = ask(client, private)

    # A 403 from the API's login check for visitors says nothing either.
    assert response.status_code in (
        (403, 404) if surface == "book (API v1)" else (404,)
    )
    assert TITLE not in response.content.decode()
    assert not Booking.objects.exists()


@pytest.mark.parametrize("surface", SURFACES)
def test_after_typing_the_password_the_member_reaches_it(surface, private, member):
    ask, status = SURFACES[surface]
    response = ask(_unlocked(member, private), private)
    assert response.status_code == status
    if surface.startswith("book"):
        booking = Booking.objects.get(session=private, member=member)
        assert booking.status == Status.CONFIRMED


@pytest.mark.parametrize("surface", ["book (HTML)", "calendar file"])
def test_a_restriction_on_the_session_index_covers_every_session(surface, member):
    session = SessionPageFactory(title=TITLE)
    restrict(get_session_index())
    ask, _ = SURFACES[surface]
    assert ask(_signed_in(member), session).status_code == 404
    assert not Booking.objects.exists()


def test_members_only_and_group_sessions_follow_their_rule():
    for_members = SessionPageFactory()
    restrict(for_members, PageViewRestriction.LOGIN)
    partner, outsider = MemberFactory(), MemberFactory()
    partners = partner.groups.create(name="Partners")
    for_partners = SessionPageFactory()
    restrict(for_partners, PageViewRestriction.GROUPS, groups=[partners])

    assert _ics(Client(), for_members).status_code == 404
    assert _book_html(_signed_in(outsider), for_members).status_code == 302
    assert _book_html(_signed_in(outsider), for_partners).status_code == 404
    assert _book_html(_signed_in(partner), for_partners).status_code == 302
    assert set(Booking.objects.values_list("session", "member")) == {
        (for_members.pk, outsider.pk),
        (for_partners.pk, partner.pk),
    }


def test_host_and_staff_reach_it_without_the_password(private):
    host = _signed_in(private.host)
    assert _ics(host, private).status_code == 200
    assert _detail_api(host, private).json()["meeting_url"].endswith(SECRET)
    staff = StaffFactory()
    assert _book_html(_signed_in(staff), private).status_code == 302
    assert Booking.objects.get(member=staff).status == Status.CONFIRMED


def test_the_api_lists_it_only_to_whom_typed_the_password(private, member):
    def titles(client):
        return [s["title"] for s in client.get("/api/v1/sessions/").json()["results"]]

    assert TITLE not in titles(Client())
    assert TITLE not in titles(_signed_in(member))
    assert TITLE in titles(_unlocked(member, private))


def test_a_confirmed_member_gets_the_link_from_the_api_only_after_the_password(
    private, member
):
    BookingFactory(session=private, member=member)
    assert _detail_api(_signed_in(member), private).status_code == 404
    body = _detail_api(_unlocked(member, private), private).json()
    assert body["meeting_url"].endswith(SECRET)


# --- Without a request: calendar feed and emails ---------------------------------


def _feed_text(member) -> str:
    events = Calendar.from_ical(member_feed_ics(member)).walk("VEVENT")
    return "".join(event.to_ical().decode() for event in events)


def test_the_calendar_feed_leaves_a_password_protected_session_out(private, member):
    BookingFactory(session=private, member=member)
    for_members = SessionPageFactory(title="Members evening")
    restrict(for_members, PageViewRestriction.LOGIN)
    BookingFactory(session=for_members, member=member)

    feed = _feed_text(member)

    assert TITLE not in feed
    # A members-only session is the member's to see: it stays, link and all.
    assert "Members evening" in feed
    assert SECRET in feed


def test_emails_keep_the_link_of_a_password_protected_session_on_its_page(
    private, member, django_capture_on_commit_callbacks
):
    client = _unlocked(member, private)
    with django_capture_on_commit_callbacks(execute=True):
        assert _book_html(client, private).status_code == 302
    booking = Booking.objects.get(member=member)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminder(
            booking_id=booking.pk,
            starts_at=private.starts_at.isoformat(),
            hours_before=24,
        )

    confirmation, reminder = mail.outbox
    assert TITLE in confirmation.subject
    for message in (confirmation, reminder):
        assert SECRET not in message.body
        assert "the link is on the session page" in message.body
    [(_name, ics, _type)] = confirmation.attachments
    assert SECRET not in ics


def test_emails_of_a_members_only_session_carry_the_link(
    member, django_capture_on_commit_callbacks
):
    session = SessionPageFactory()
    restrict(session, PageViewRestriction.LOGIN)
    with django_capture_on_commit_callbacks(execute=True):
        _book_html(_signed_in(member), session)
    [confirmation] = mail.outbox
    assert SECRET in confirmation.body


# --- Links from emails, cancelling, reviews ----------------------------------------


def test_the_leave_waitlist_link_works_without_naming_the_session(private, member):
    booking = BookingFactory(session=private, member=member, status=Status.WAITLISTED)
    url = reverse("waitlist_leave", args=[waitlist_token(booking)])
    client = Client()

    page = client.get(url)
    left = client.post(url)

    assert page.status_code == 200
    assert TITLE not in page.content.decode()
    assert left.status_code == 200
    assert TITLE not in left.content.decode()
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED
    # In the browser that typed the password, the session is named.
    other = BookingFactory(session=private, status=Status.WAITLISTED)
    shown = _unlocked(None, private).get(
        reverse("waitlist_leave", args=[waitlist_token(other)])
    )
    assert TITLE in shown.content.decode()


def test_a_member_may_cancel_their_booking_without_the_password(private, member):
    booking = BookingFactory(session=private, member=member)
    response = _signed_in(member).post(reverse("booking_cancel", args=[booking.pk]))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED


def test_reviews_need_the_password_too(private, member):
    BookingFactory(session=private, member=member, status=Status.ATTENDED)
    url = reverse("review_create", args=[private.pk])
    locked, unlocked = _signed_in(member), _unlocked(member, private)
    with time_machine.travel(private.ends_at + timedelta(hours=1), tick=False):
        assert locked.post(url, {"rating": "5"}).status_code == 404
        assert not Review.objects.exists()
        assert unlocked.post(url, {"rating": "5"}).status_code == 302
    assert Review.objects.get().author == member

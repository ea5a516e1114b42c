"""Every transactional email has an HTML part beside its text part: the same
facts, links that all go to SITE_URL, attachments kept, and one subject
prefix. Each kind is rendered with a realistic context and sent through the
task the site uses (the test settings run it at once)."""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.emails import prefixed_subject, queue_email
from sessions.models import Booking
from sessions.services import booking_emails, hosting_emails
from sessions.services.booking import book_session
from sessions.tests.factories import (
    BookingFactory,
    ExpertFactory,
    MemberFactory,
    SessionPageFactory,
)
from sessions.timezones import format_for_member, shown_time
from tests.email_contexts import STATIC_CONTEXTS
from tests.email_support import MEETING, SITE, assert_well_formed, read

pytestmark = pytest.mark.django_db

# Marketing emails have their own tests (marketing/tests); these are the rest.
MARKETING = {"marketing/email/campaign", "marketing/email/digest"}
TEMPLATES = Path(django_settings.BASE_DIR) / "templates"
TRANSACTIONAL = sorted(
    str(path.relative_to(TEMPLATES)).removesuffix("_subject.txt")
    for path in TEMPLATES.glob("*/email/*_subject.txt")
    if str(path.relative_to(TEMPLATES)).removesuffix("_subject.txt") not in MARKETING
)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def world(db):
    """A London member booked on a Berlin session, hosted by an expert."""
    host = ExpertFactory(name="Grace Hopper")
    member = MemberFactory(name="Ada Lovelace", time_zone="Europe/London")
    session = SessionPageFactory(
        title="Window functions & CTEs", host=host, time_zone="Europe/Berlin"
    )
    booking = BookingFactory(session=session, member=member)
    return SimpleNamespace(host=host, member=member, session=session, booking=booking)


def _send(prefix: str, context: dict, **kwargs):
    mail.outbox.clear()
    queue_email(template_prefix=prefix, to="ada@example.com", context=context, **kwargs)


def _session_facts(world):
    starts = shown_time(world.session.starts_at, world.member, world.session)
    return [world.session.title, starts.text, starts.session_text]


def _send_session_kind(prefix: str, world) -> list[str]:
    """Send one session email through the code the site uses; the facts."""
    booking, member, session = world.booking, world.member, world.session
    mail.outbox.clear()
    name = prefix.removeprefix("sessions/email/")
    if name == "booking_confirmed":
        booking_emails.send_confirmed(booking)
    elif name == "booking_waitlisted":
        booking_emails.send_waitlisted(booking)
    elif name == "booking_offer":
        booking.hold_expires_at = timezone.now() + timedelta(hours=12)
        booking_emails.send_offer(booking)
        return [
            *_session_facts(world),
            format_for_member(booking.hold_expires_at, member, session),
        ]
    elif name == "booking_hold_lapsed":
        booking_emails.send_hold_lapsed(booking)
        return [session.title, "Nothing was charged"]
    elif name == "booking_cancelled":
        refund = SimpleNamespace(
            refunded=True,
            amount=Decimal("25.00"),
            currency="EUR",
            deadline=session.starts_at - timedelta(days=1),
        )
        booking_emails.send_cancelled(booking, refund=refund)
        return [session.title, "25.00 EUR", "refunded in full"]
    elif name == "booking_reminder":
        booking_emails.send_reminder(booking, hours_before=24)
    elif name == "host_message":
        hosting_emails.send_host_message(
            session_id=session.pk,
            booking_ids=[booking.pk],
            subject="Bring a laptop",
            message="Charge it <fully> & bring a mouse.",
            sender_id=world.host.pk,
        )
        return [session.title, "Charge it <fully> & bring a mouse."]
    elif name == "host_session_cancelled":
        hosting_emails.send_session_cancelled(
            session_id=session.pk, booking_ids=[booking.pk]
        )
        return [session.title, format_for_member(session.starts_at, member, session)]
    elif name == "host_session_rescheduled":
        previous = session.starts_at - timedelta(days=1)
        hosting_emails.send_session_rescheduled(
            session_id=session.pk,
            booking_ids=[booking.pk],
            previous_starts_at=previous.isoformat(),
        )
        return [
            session.title,
            format_for_member(session.starts_at, member, session),
            format_for_member(previous, member, session),
        ]
    return _session_facts(world)


def test_every_transactional_template_is_covered():
    """A new email template fails here until it is added to these tests."""
    sessions = {p for p in TRANSACTIONAL if p.startswith("sessions/")}
    assert set(TRANSACTIONAL) == set(STATIC_CONTEXTS) | sessions
    assert len(sessions) == 9


@pytest.mark.parametrize("prefix", sorted(STATIC_CONTEXTS))
def test_each_email_has_an_html_part_saying_what_the_text_says(
    prefix, django_capture_on_commit_callbacks
):
    context, facts, *external = STATIC_CONTEXTS[prefix]
    with django_capture_on_commit_callbacks(execute=True):
        _send(prefix, context)
    (message,) = mail.outbox
    assert_well_formed(message, facts=facts, external=external[0] if external else ())


@pytest.mark.parametrize(
    "prefix", [p for p in TRANSACTIONAL if p.startswith("sessions/")]
)
def test_each_session_email_has_an_html_part_with_the_session_card(
    prefix, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        facts = _send_session_kind(prefix, world)
    (message,) = mail.outbox
    calendar_sites = [
        link
        for link in re.findall(r"https?://\S+", message.body)
        if "google.com" in link or "live.com" in link
    ]
    email = assert_well_formed(
        message, facts=facts, external=[MEETING, *calendar_sites]
    )
    # The card: the session, its host and format, in the member's zone and
    # the session's own.
    assert "Grace Hopper" in email.shown
    assert "Workshop" in email.shown
    assert "Europe/Berlin" in email.shown


def test_booking_confirmation_card_adds_to_calendar_and_manages_the_booking(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking_emails.send_confirmed(world.booking)
    (message,) = mail.outbox
    email = read(message)
    ics_url = SITE + reverse("session_ics", kwargs={"session_id": world.session.pk})
    assert re.search(
        rf'<a class="btn" href="{re.escape(ics_url)}">Add to calendar', email.html
    )
    assert re.search(
        rf'<a class="btn btn--secondary" href="{SITE}/dashboard/">Manage booking',
        email.html,
    )
    # The confirmed member may have the meeting link, in both parts.
    assert MEETING in email.links and MEETING in message.body
    # The event stays attached.
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("session.ics", "text/calendar")
    assert "SUMMARY:Window functions & CTEs" in content


def test_html_escapes_what_members_typed(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        hosting_emails.send_host_message(
            session_id=world.session.pk,
            booking_ids=[world.booking.pk],
            subject="Hi",
            message='<script>alert("x")</script>',
            sender_id=world.host.pk,
        )
    (message,) = mail.outbox
    assert "<script>" not in read(message).html
    assert '<script>alert("x")</script>' in message.body


def test_a_waitlisted_member_gets_no_add_to_calendar(
    world, django_capture_on_commit_callbacks
):
    world.booking.status = Booking.Status.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        booking_emails.send_waitlisted(world.booking)
    (message,) = mail.outbox
    assert "Add to calendar" not in read(message).html


def test_a_subject_that_already_has_the_prefix_keeps_one():
    # A campaign editor may type it themselves.
    assert prefixed_subject("[MasteryHub] Spring") == "[MasteryHub] Spring"
    assert prefixed_subject("Spring\n sessions") == "[MasteryHub] Spring sessions"


def test_a_booking_sends_the_confirmation_with_both_parts_and_the_ics(
    world, django_capture_on_commit_callbacks
):
    """Booking as a member does: the service, its transaction, the task."""
    newcomer = MemberFactory(name="Alan Turing", time_zone="America/New_York")
    with django_capture_on_commit_callbacks(execute=True):
        book_session(session=world.session, member=newcomer)
    (message,) = mail.outbox
    assert message.to == [newcomer.email]
    starts = shown_time(world.session.starts_at, newcomer, world.session)
    email = assert_well_formed(
        message,
        facts=["Alan", world.session.title, starts.text, starts.session_text],
        external=[
            MEETING,
            *(
                u
                for u in re.findall(r"https?://\S+", message.body)
                if "live.com" in u or "google.com" in u
            ),
        ],
    )
    # The member's clock first, the session's named once (sessions.timezones).
    assert "EST (session time" in email.shown and "Europe/Berlin" in email.shown
    assert "Add to calendar" in email.shown and "Manage booking" in email.shown
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("session.ics", "text/calendar")
    assert MEETING in content

"""Every email the site sends has an HTML part beside its text part: the same
facts, links that all go to SITE_URL, attachments kept, and one subject
prefix. Each kind is rendered with a realistic context and sent through the
task the site uses (the test settings run it at once)."""

import re
from datetime import timedelta
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Intent
from accounts.tests.factories import PASSWORD, UserFactory
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

pytestmark = pytest.mark.django_db

SITE = "https://masteryhub.example"
PREFIX = "[MasteryHub] "
MEETING = "https://meet.example.com/secret-room-42"
# Marketing emails have their own tests (marketing/tests); these are the rest.
MARKETING = {"marketing/email/campaign", "marketing/email/digest"}
TEMPLATES = Path(django_settings.BASE_DIR) / "templates"
TRANSACTIONAL = sorted(
    str(path.relative_to(TEMPLATES)).removesuffix("_subject.txt")
    for path in TEMPLATES.glob("*/email/*_subject.txt")
    if str(path.relative_to(TEMPLATES)).removesuffix("_subject.txt") not in MARKETING
)


class _Parts(HTMLParser):
    """The links and the words a reader sees in an HTML part."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.words: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"style", "title"} or "preheader" in (attrs.get("class") or ""):
            self._hidden += 1
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in {"style", "title", "span"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.words.append(data)


def _flat(text: str) -> str:
    return " ".join(unescape(text).split())


def read(message) -> SimpleNamespace:
    """The message's subject, text, HTML and what the HTML shows and links."""
    html = [body for body, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(html) == 1, "exactly one HTML part"
    parts = _Parts()
    parts.feed(html[0])
    return SimpleNamespace(
        subject=message.subject,
        text=_flat(message.body),
        html=html[0],
        shown=_flat(" ".join(parts.words)),
        links=parts.links,
    )


def assert_well_formed(message, *, facts=(), external=()):
    """Both parts, the facts in each, every link at SITE_URL (bar the
    `external` ones: a meeting room, a calendar site), every link of the
    text in the HTML, and the subject prefix once."""
    email = read(message)
    assert email.subject.startswith(PREFIX)
    assert email.subject.count("[MasteryHub]") == 1
    assert email.html.lstrip().startswith("<!doctype html>")
    for fact in facts:
        assert _flat(fact) in email.text, f"text part lacks {fact!r}"
        assert _flat(fact) in email.shown, f"HTML part lacks {fact!r}"
    assert email.links, "the HTML links somewhere"
    for link in email.links:
        assert link.startswith(f"{SITE}/") or link in external, link
    for url in re.findall(r"https?://\S+", message.body):
        assert url.rstrip(".,)") in email.links, f"HTML lacks the link {url}"
    return email


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


def _people():
    mentor = UserFactory.build(name="Grace Hopper", username="grace")
    mentee = UserFactory.build(name="Ada Lovelace", username="ada")
    return mentor, mentee


def _one_to_one_context(**extra):
    return {
        "one_to_one": SimpleNamespace(
            price=Decimal("40.00"),
            currency="EUR",
            is_paid=True,
            meeting_url=MEETING,
            note="Bring the query plan you are stuck on.",
        ),
        "name": "Ada",
        "other_name": "Grace",
        "is_mentee": True,
        "starts": "Tue 15 Dec 2026, 10:00 GMT (Europe/London)",
        "ends": "Tue 15 Dec 2026, 11:00 GMT (Europe/London)",
        "sessions_url": f"{SITE}/mentorship/7/sessions/",
        **extra,
    }


def _mentorship_context(**extra):
    mentor, mentee = _people()
    return {
        "mentor": mentor,
        "mentee": mentee,
        "mentorship": SimpleNamespace(
            goals="Read query plans.\nIndex well.",
            request_message="I have a week.",
            reply_message="Happy to help & glad you asked.",
        ),
        "dashboard_url": f"{SITE}/dashboard/#mentorship",
        "requests_url": f"{SITE}/mentorship/requests/",
        "mentor_page_url": f"{SITE}/experts/grace/",
        "review_url": f"{SITE}/mentorship/7/review/",
        **extra,
    }


REFUND = SimpleNamespace(refunded=True, amount=Decimal("40.00"), currency="EUR")

# prefix -> (context, the facts both parts must carry, external links)
STATIC_CONTEXTS = {
    "accounts/email/account_deleted": (
        {"name": "Ada", "effects": ["Your bookings were cancelled"]},
        ["Ada", "Your bookings were cancelled", "reply to this email"],
    ),
    "accounts/email/expert_approved": (
        {
            "user": UserFactory.build(name="Ada Lovelace"),
            "application": SimpleNamespace(reviewer_note="Welcome aboard."),
        },
        ["Ada", "has been approved", "Welcome aboard."],
    ),
    "accounts/email/expert_rejected": (
        {
            "user": UserFactory.build(name="Ada Lovelace"),
            "application": SimpleNamespace(reviewer_note="More evidence, please."),
            "status_url": f"{SITE}/experts/apply/",
        },
        ["Ada", "not able to approve", "More evidence, please."],
    ),
    "forum/email/digest": (
        {
            "name": "Ada",
            "items": [
                {
                    "kind": "New answer",
                    "by": "Grace",
                    "thread_title": "Why is my JOIN slow?",
                    "url": f"{SITE}/forum/t/1/",
                },
                {
                    "kind": "Accepted",
                    "by": "",
                    "thread_title": "Indexes",
                    "url": f"{SITE}/forum/t/2/",
                },
            ],
            "notifications_url": f"{SITE}/forum/notifications/",
            "unsubscribe_url": f"{SITE}/unsubscribe/abc/",
        },
        ["Ada", "New answer by Grace", "Why is my JOIN slow?", "Indexes"],
    ),
    "forum/email/live_recap": (
        {
            "name": "Grace",
            "session_title": "Live: joins",
            "thread_title": "Why is my JOIN slow?",
            "recap_url": f"{SITE}/forum/t/1/#answer",
        },
        ["Grace", "Live: joins", "Why is my JOIN slow?"],
    ),
    "forum/email/post_hidden": (
        {
            "name": "Ada",
            "whole_thread": False,
            "thread_title": "Why is my JOIN slow?",
            "excerpt": "Buy cheap <pills>",
            "reason": "Spam",
            "notifications_url": f"{SITE}/forum/notifications/",
        },
        ["Ada", "Why is my JOIN slow?", "Buy cheap <pills>", "Spam"],
    ),
    "marketing/email/newsletter_confirm": (
        {"confirm_url": f"{SITE}/newsletter/confirm/abc/", "days": 7},
        ["Yes, subscribe me", "7 days"],
    ),
    "mentorship/email/abuse_reported": (
        {"admin_url": f"{SITE}/admin/mentorship/report/3/"},
        ["reported a message"],
    ),
    "mentorship/email/accepted": (
        _mentorship_context(),
        ["Ada", "Grace Hopper has accepted", "Happy to help & glad you asked."],
    ),
    "mentorship/email/declined": (
        _mentorship_context(),
        ["Ada", "Grace Hopper has declined", "Happy to help & glad you asked."],
    ),
    "mentorship/email/mentorship_ended": (
        _mentorship_context(
            name="Ada",
            other_name="Grace",
            by_name="Grace",
            by_you=False,
            how="cancelled",
            is_mentee=True,
            any_refund=True,
            has_calendar=True,
            one_to_ones=[
                {"starts": "Tue 15 Dec 2026, 10:00 GMT", "refund": REFUND},
                {"starts": "Tue 22 Dec 2026, 10:00 GMT", "was_confirmed": False},
            ],
            sessions_url=f"{SITE}/mentorship/7/sessions/",
        ),
        [
            "Grace cancelled your mentorship",
            "Tue 15 Dec 2026, 10:00 GMT",
            "the 40.00 EUR you paid is being refunded in full",
            "not confirmed yet, nothing was charged",
        ],
    ),
    "mentorship/email/one_to_one_awaiting_payment": (
        _one_to_one_context(),
        ["Ada", "Grace accepted", "Tue 15 Dec 2026, 10:00 GMT", "40.00 EUR"],
    ),
    "mentorship/email/one_to_one_cancelled": (
        _one_to_one_context(
            refund=REFUND, tells_mentee=True, by_name="Grace", refund_deadline=""
        ),
        ["Ada", "is cancelled by Grace", "40.00 EUR", "5 to 10 working days"],
    ),
    "mentorship/email/one_to_one_confirmed": (
        _one_to_one_context(),
        [
            "Tue 15 Dec 2026, 10:00 GMT (Europe/London)",
            "Tue 15 Dec 2026, 11:00 GMT",
            "Bring the query plan",
            "1-1.ics",
        ],
        [MEETING],
    ),
    "mentorship/email/one_to_one_declined": (
        _one_to_one_context(),
        ["Ada", "Grace cannot make", "Tue 15 Dec 2026, 10:00 GMT"],
    ),
    "mentorship/email/one_to_one_proposed": (
        _one_to_one_context(),
        ["Grace proposes", "Tue 15 Dec 2026, 10:00 GMT", "40.00 EUR", "query plan"],
    ),
    "mentorship/email/one_to_one_reminder": (
        _one_to_one_context(hours_before=1),
        ["Grace starts in an hour", "Tue 15 Dec 2026, 10:00 GMT"],
        [MEETING],
    ),
    "mentorship/email/requested": (
        _mentorship_context(),
        ["Grace", "Ada Lovelace would like you to mentor them", "Index well."],
    ),
    "mentorship/email/review_feedback": (
        _mentorship_context(),
        ["Ada", "Grace Hopper has written feedback", "Only you can read it"],
    ),
    "mentorship/email/review_invite": (
        _mentorship_context(
            recipient=UserFactory.build(name="Ada Lovelace"),
            is_mentor=False,
            review_edit_days=14,
        ),
        ["Ada", "mentorship with Grace Hopper is completed", "14 days"],
    ),
    "mentorship/email/review_received": (
        _mentorship_context(review=SimpleNamespace(rating=5, comment="Clear & kind.")),
        ["Grace", "5 out of 5 stars", "Clear & kind."],
    ),
    "mentorship/email/unread_messages": (
        {
            "name": "Ada",
            "conversations": [
                {"count": 3, "sender": "Grace", "url": f"{SITE}/mentorship/7/"}
            ],
            "total": 3,
            "inbox_url": f"{SITE}/mentorship/inbox/",
            "unsubscribe_url": f"{SITE}/unsubscribe/abc/",
        },
        ["Ada", "3 new messages from Grace"],
    ),
    "payments/email/payment_refunded": (
        {
            "user": UserFactory.build(name="Ada Lovelace"),
            "payment": SimpleNamespace(
                amount=Decimal("25.00"), currency="EUR", description="Seat: SQL & you"
            ),
            "why": "the host cancelled the session",
            "billing_url": f"{SITE}/billing/",
        },
        ["25.00 EUR", "Seat: SQL & you", "the host cancelled the session"],
    ),
    "payments/email/renewal_failed": (
        {
            "user": UserFactory.build(name="Ada Lovelace"),
            "amount": Decimal("9.00"),
            "currency": "EUR",
            "next_attempt": timezone.datetime(2026, 12, 20),
            "billing_url": f"{SITE}/billing/",
        },
        ["9.00 EUR", "20 December 2026", "update your card"],
    ),
    "progress/email/attempt_scored": (
        {
            "name": "Ada",
            "title": "Explaining joins",
            "points": 8,
            "max_points": 10,
            "percent": 80,
            "skill": "SQL",
            "level": "Competent",
            "result_url": f"{SITE}/progress/attempts/4/",
        },
        ["Explaining joins", "8 of 10 points (80 %)", "Competent"],
    ),
    "progress/email/feedback_declined": (
        {
            "name": "Ada",
            "expert": "Grace",
            "skill": "SQL",
            "feedback": "Ask me in a month.",
            "url": f"{SITE}/progress/feedback/",
        },
        ["Grace cannot review your level in SQL", "Ask me in a month."],
    ),
    "progress/email/feedback_requested": (
        {
            "name": "Grace",
            "member": "Ada",
            "skill": "SQL",
            "message": "Am I ready for advanced?",
            "url": f"{SITE}/progress/feedback/5/",
        },
        ["Ada asks you to review their level in SQL", "Am I ready for advanced?"],
    ),
    "progress/email/feedback_reviewed": (
        {
            "name": "Ada",
            "expert": "Grace",
            "skill": "SQL",
            "level": "Proficient",
            "feedback": "Your joins are clean.",
            "url": f"{SITE}/progress/",
        },
        ["Grace reviewed your level in SQL: Proficient", "Your joins are clean."],
    ),
}


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


def _signup(client, **overrides):
    return client.post(
        "/accounts/signup/",
        {
            "name": "Grace Hopper",
            "email": "grace@example.com",
            "username": "grace",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "intent": Intent.BOTH,
            **overrides,
        },
    )


def test_signup_verification_email_has_an_html_part_with_a_working_button(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client)
    (message,) = mail.outbox
    email = assert_well_formed(
        message, facts=["Hello from MasteryHub!", "masteryhub.example"]
    )
    (confirm,) = [link for link in email.links if "/confirm-email/" in link]
    # At the site's address, not the host the request named (testserver).
    assert confirm.startswith(f"{SITE}/accounts/confirm-email/")
    assert confirm in message.body
    assert re.search(
        rf'href="{re.escape(confirm)}">Confirm my email address', email.html
    )
    client.post(urlsplit(confirm).path)
    assert EmailAddress.objects.get(email="grace@example.com").verified


def test_password_reset_emails_have_html_parts(
    client, django_capture_on_commit_callbacks
):
    """The key for a known address, "no account" for an unknown one, and
    "you already have an account" for a signup with a taken address."""
    UserFactory(email="known@example.com", username="known")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "known@example.com"})
        client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
        _signup(client, email="known@example.com", username="another")
    reset, unknown, exists = mail.outbox
    reset_email = assert_well_formed(reset, facts=["password reset"])
    assert any("/accounts/password/reset/key/" in link for link in reset_email.links)
    assert_well_formed(unknown, facts=["nobody@example.com", "sign up"])
    assert_well_formed(exists, facts=["known@example.com", "already exists"])


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
    assert "America/New_York" in email.shown and "Europe/Berlin" in email.shown
    assert "Add to calendar" in email.shown and "Manage booking" in email.shown
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("session.ics", "text/calendar")
    assert MEETING in content


# allauth's emails this site can send: verification, password reset by link,
# and the two that keep enumeration off. Its notifications and codes are off.
ALLAUTH_SENT = [
    "email_confirmation",
    "email_confirmation_signup",
    "password_reset_key",
    "unknown_account",
    "account_already_exists",
]


def test_allauth_sends_only_the_emails_that_have_an_html_part():
    from allauth.account import app_settings

    assert not app_settings.EMAIL_NOTIFICATIONS
    assert not app_settings.LOGIN_BY_CODE_ENABLED
    assert not app_settings.PASSWORD_RESET_BY_CODE_ENABLED
    assert not app_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED


@pytest.mark.parametrize("prefix", ALLAUTH_SENT)
def test_each_allauth_email_has_an_html_part_in_the_site_look(prefix):
    html = render_to_string(
        f"account/email/{prefix}_message.html",
        {
            "site_url": SITE,
            "current_site": SimpleNamespace(
                name="MasteryHub", domain="masteryhub.example"
            ),
            "user": UserFactory.build(username="grace"),
            "email": "grace@example.com",
            "activate_url": f"{SITE}/accounts/confirm-email/key/",
            "password_reset_url": f"{SITE}/accounts/password/reset/key/1-x/",
            "signup_url": f"{SITE}/accounts/signup/",
        },
    )
    parts = _Parts()
    parts.feed(html)
    assert "Hello from MasteryHub!" in _flat(" ".join(parts.words))
    assert parts.links and all(link.startswith(f"{SITE}/") for link in parts.links)
    assert 'class="btn"' in html

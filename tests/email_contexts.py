"""Realistic contexts for the emails whose senders need no session: each
prefix maps to (context, facts both parts must carry[, external links])."""

from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from accounts.tests.factories import UserFactory
from tests.email_support import MEETING, SITE


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

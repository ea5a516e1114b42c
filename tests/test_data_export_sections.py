"""What each app puts in a member's data download (accounts.data_export):
their own records in every section, other people by username only, and a
query count that does not grow with the rows.

Here rather than in accounts/tests: accounts may not import the apps above
it (the import-linter layers contract)."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.data_export import export_account_data
from content.tests.factories import ArticlePageFactory
from experts.tests.factories import ExpertPageFactory
from forum.models import Subscription, Vote
from forum.tests.factories import PostFactory, ThreadFactory
from mentorship.models import Mentorship, Message
from mentorship.tests.factories import MentorshipFactory
from payments.models import Kind, Payment
from payments.models import Subscription as Membership
from progress.tests.factories_tracking import (
    AttemptFactory,
    EvidenceFactory,
    FeedbackRequestFactory,
    GoalFactory,
)
from sessions.models import Booking
from sessions.tests.factories import (
    BookingFactory,
    MemberFactory,
    ReviewFactory,
    SessionPageFactory,
)

pytestmark = pytest.mark.django_db


def sections(member) -> dict:
    # Through JSON, as the member gets it: anything not JSON-able fails here.
    return json.loads(json.dumps(export_account_data(member)))["sections"]


def pay(member, amount="19.90", intent="pi_3MtwBwLkdIwHu7ix28a3tqPa"):
    return Payment.objects.create(
        user=member,
        kind=Kind.SESSION_SEAT,
        object_id=1,
        description="Window functions workshop",
        amount=Decimal(amount),
        currency="EUR",
        status=Payment.Status.PAID,
        stripe_payment_intent_id=intent,
        stripe_checkout_session_id=f"cs_test_{intent}",
    )


def test_sessions_hold_bookings_waitlist_places_and_reviews_written():
    member = MemberFactory()
    booked = SessionPageFactory(title="Window functions")
    full = SessionPageFactory(title="Query plans", max_participants=1)
    BookingFactory(session=booked, member=member)
    BookingFactory(session=full)
    BookingFactory(session=full, member=member, status=Booking.Status.WAITLISTED)
    ReviewFactory(session=booked, author=member, rating=4, comment="Clear.")

    data = sections(member)["sessions"]

    statuses = {b["session"]["title"]: b["status"] for b in data["bookings"]}
    assert statuses == {"Window functions": "confirmed", "Query plans": "waitlisted"}
    booking = data["bookings"][0]
    assert booking["session"]["starts_at"].endswith("Z")
    assert booking["session"]["url"].startswith("http")
    (review,) = data["reviews"]
    assert (review["rating"], review["comment"]) == (4, "Clear.")


def test_mentorship_holds_messages_both_ways_with_usernames_not_emails():
    mentorship = MentorshipFactory(status=Mentorship.Status.ACTIVE)
    mentee, mentor = mentorship.mentee, mentorship.mentor
    Message.objects.create(
        mentorship=mentorship, sender=mentee, recipient=mentor, body="Hello!"
    )
    Message.objects.create(
        mentorship=mentorship, sender=mentor, recipient=mentee, body="Welcome."
    )
    elsewhere = MentorshipFactory(mentor=mentor, status=Mentorship.Status.ACTIVE)
    Message.objects.create(
        mentorship=elsewhere,
        sender=mentor,
        recipient=elsewhere.mentee,
        body="Private to someone else",
    )

    data = sections(mentee)["mentorship"]
    text = json.dumps(sections(mentee))

    (exported,) = data["mentorships"]
    assert exported["role"] == "mentee"
    assert exported["mentor"] == mentor.username
    assert [(m["sender"], m["body"]) for m in exported["messages"]] == [
        (mentee.username, "Hello!"),
        (mentor.username, "Welcome."),
    ]
    assert mentor.email not in text
    assert "Private to someone else" not in text
    assert elsewhere.mentee.username not in text


def test_forum_holds_posts_as_markdown_votes_and_follows():
    member = MemberFactory()
    thread = ThreadFactory(author=member, body="Why is **this** slow?")
    answer = PostFactory(body="Try `EXPLAIN`.")
    Vote.objects.create(post=answer, voter=member, value=1)
    Subscription.objects.create(user=member, thread=thread)

    data = sections(member)["forum"]

    assert [t["title"] for t in data["threads"]] == [thread.title]
    assert [p["body_markdown"] for p in data["posts"]] == ["Why is **this** slow?"]
    assert data["votes"][0]["value"] == 1
    assert data["votes"][0]["post_url"].endswith(f"#post-{answer.pk}")
    assert data["follows"][0]["thread"]["title"] == thread.title
    assert answer.author.email not in json.dumps(data)


def test_progress_holds_attempts_goals_evidence_and_feedback():
    member = MemberFactory()
    AttemptFactory(member=member, answers={"q1": "WHERE"})
    GoalFactory(member=member)
    EvidenceFactory(member=member)
    request = FeedbackRequestFactory(member=member, feedback="Solid joins.")

    data = sections(member)["progress"]

    (attempt,) = data["assessment_attempts"]
    assert (attempt["points"], attempt["answers"]) == (8, {"q1": "WHERE"})
    assert "questions" not in attempt  # the answer keys are the site's
    assert data["goals"][0]["skill"] == "SQL"
    assert data["evidence"][0]["url"] == "https://github.com/example/query-tuning"
    (feedback,) = data["feedback_requested"]
    assert feedback["expert"] == request.expert.username
    assert feedback["feedback"] == "Solid joins."


def test_payments_hold_amounts_as_strings_and_stripe_ids():
    member = MemberFactory()
    pay(member)
    pay(MemberFactory(), amount="99.00", intent="pi_someone_else")
    Membership.objects.create(
        user=member,
        stripe_subscription_id="sub_1MowQVLkdIwHu7ixeRlqHVzs",
        stripe_customer_id="cus_NffrFeUfNV2Hib",
        plan="monthly",
        status="canceled",
    )

    data = sections(member)["payments"]

    (payment,) = data["payments"]
    assert payment["amount"] == "19.90"
    assert payment["stripe_payment_intent_id"] == "pi_3MtwBwLkdIwHu7ix28a3tqPa"
    assert data["subscriptions"][0]["stripe_customer_id"] == "cus_NffrFeUfNV2Hib"
    assert "pi_someone_else" not in json.dumps(data)


def test_experts_and_content_hold_the_expert_page_and_articles():
    page = ExpertPageFactory()
    article = ArticlePageFactory(author=page.expert)

    data = sections(page.expert)

    assert data["experts"]["expert_page"]["title"] == page.title
    assert data["experts"]["expert_page"]["url"].endswith(page.url)
    assert [a["title"] for a in data["content"]["articles"]] == [article.title]


def fill(member, rows: int) -> None:
    for _ in range(rows):
        session = SessionPageFactory()
        BookingFactory(session=session, member=member)
        ReviewFactory(session=session, author=member)
        PostFactory(author=member)
        pay(member, intent=f"pi_{member.pk}_{session.pk}")
        EvidenceFactory(member=member)
        mentorship = MentorshipFactory(mentee=member)
        Message.objects.create(
            mentorship=mentorship,
            sender=member,
            recipient=mentorship.mentor,
            body="Hi",
        )


def count_queries(member) -> int:
    with CaptureQueriesContext(connection) as queries:
        export_account_data(member)
    return len(queries)


def test_the_query_count_does_not_grow_with_the_rows():
    few, many = MemberFactory(), MemberFactory()
    fill(few, 1)
    fill(many, 4)
    # Wagtail caches the site's root paths on first use.
    export_account_data(few)

    assert count_queries(many) == count_queries(few)

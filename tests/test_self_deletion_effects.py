"""What a member deleting their own account (/accounts/delete/) does across
the site: the same rules as the admin's deletion (tests/test_account_deletion.py),
seen from the member's side.

Here rather than in accounts/tests: accounts may not import the apps above
it (the import-linter layers contract)."""

from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
import time_machine

from accounts.models import User
from accounts.tests.factories import PASSWORD
from experts.tests.factories import ExpertPageFactory
from forum.tests.factories import PostFactory, ThreadFactory
from mentorship.models import Mentorship
from mentorship.reviews import save_mentorship_review
from mentorship.tests.factories import MentorshipFactory
from payments.models import Kind, Payment
from sessions.models import Booking
from sessions.services.reviews import leave_review
from sessions.tests.factories import BookingFactory, MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


def gone(user) -> bool:
    return not User.objects.filter(pk=user.pk).exists()


def delete_own(client, member, captured):
    client.force_login(member)
    with captured(execute=True):
        return client.post("/accounts/delete/", {"confirmation": PASSWORD})


def text(response) -> str:
    return unescape(response.content.decode())


def test_the_host_of_an_upcoming_session_is_told_what_to_do_first(client):
    session = SessionPageFactory(title="Window functions")
    client.force_login(session.host)

    page = text(client.get("/accounts/delete/"))
    response = client.post("/accounts/delete/", {"confirmation": PASSWORD})

    assert "Your account cannot be deleted yet" in page
    assert "You host 1 upcoming session (“Window functions”)" in page
    assert 'type="password"' not in page
    assert response.status_code == 409
    assert not gone(session.host)


def test_their_forum_post_stays_on_its_thread_as_by_a_deleted_member(
    client, django_capture_on_commit_callbacks
):
    thread = ThreadFactory(title="How do I read a query plan?")
    answer = PostFactory(thread=thread, body="Start with `EXPLAIN ANALYZE`.")
    member = answer.author

    delete_own(client, member, django_capture_on_commit_callbacks)

    assert gone(member)
    page = text(client.get(thread.get_absolute_url()))
    assert "EXPLAIN ANALYZE" in page
    assert "Deleted member" in page
    assert member.name not in page


def test_their_review_still_counts_in_the_rating(
    client, django_capture_on_commit_callbacks
):
    session = SessionPageFactory()
    fan, critic = MemberFactory(), MemberFactory()
    for member in (fan, critic):
        BookingFactory(session=session, member=member, status=Booking.Status.ATTENDED)
    with time_machine.travel(session.ends_at + timedelta(hours=1)):
        leave_review(session=session, author=fan, rating=5)
        leave_review(session=session, author=critic, rating=2, comment="Too fast.")

    delete_own(client, critic, django_capture_on_commit_callbacks)

    session.refresh_from_db()
    assert (session.rating_average, session.rating_count) == (Decimal("3.50"), 2)
    assert session.reviews.filter(author=None, comment="Too fast.").exists()


def test_their_review_of_a_mentor_stays_on_the_mentors_page_and_counts(
    client, django_capture_on_commit_callbacks
):
    expert_page = ExpertPageFactory()
    mentee = MemberFactory(name="Marie Curie")
    mentorship = MentorshipFactory(
        mentor=expert_page.expert, mentee=mentee, status=Mentorship.Status.COMPLETED
    )
    save_mentorship_review(
        mentorship=mentorship, author=mentee, rating=4, comment="Patient and clear."
    )
    client.force_login(mentee)

    asked = text(client.get("/accounts/delete/"))
    delete_own(client, mentee, django_capture_on_commit_callbacks)

    assert (
        "1 review of a mentor kept without your name, still counted in the "
        "mentor's rating" in asked
    )
    assert gone(mentee)
    page = text(client.get(expert_page.url))
    assert "Patient and clear." in page
    assert "Deleted member" in page
    assert "Marie Curie" not in page
    assert "Rated 4.0 out of 5" in page


def test_their_seat_goes_to_the_first_member_on_the_waitlist(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    session = SessionPageFactory(max_participants=1, title="Query plans")
    seated = BookingFactory(session=session).member
    first = BookingFactory(session=session, status=Booking.Status.WAITLISTED)
    second = BookingFactory(session=session, status=Booking.Status.WAITLISTED)

    delete_own(client, seated, django_capture_on_commit_callbacks)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Booking.Status.CONFIRMED
    assert second.status == Booking.Status.WAITLISTED
    told = [m for m in mailoutbox if first.member.email in m.to]
    assert told and "Query plans" in told[0].subject + told[0].body


def test_their_payment_is_kept_without_them_and_the_email_says_so(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    member = MemberFactory(email="ada@example.com")
    payment = Payment.objects.create(
        user=member,
        kind=Kind.PAGE,
        object_id=1,
        description="Designing data pipelines",
        amount=Decimal("9.00"),
        currency="EUR",
        status=Payment.Status.PAID,
        stripe_payment_intent_id="pi_3MtwBwLkdIwHu7ix28a3tqPa",
    )

    response = delete_own(client, member, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.user is None
    assert payment.amount == Decimal("9.00")
    (email,) = [m for m in mailoutbox if m.to == ["ada@example.com"]]
    assert email.subject == "[MasteryHub] Your MasteryHub account was deleted"
    assert "1 payment kept for the accounts" in email.body


def test_the_page_lists_what_will_happen_in_the_members_words(client):
    session = SessionPageFactory()
    member = BookingFactory(session=session).member
    client.force_login(member)

    page = text(client.get("/accounts/delete/"))

    assert "1 upcoming booking cancelled, its seat offered to the waitlist" in page
    assert not gone(member)
    assert Booking.objects.get(member=member).status == Booking.Status.CONFIRMED

"""What happens to 1:1 sessions when their mentorship ends or pauses, and to
1:1s nobody paid for or answered by their start: cancelled in the same
transaction, paid ones refunded in full whoever ends the mentorship, open
Checkout pages closed, one email per person; the periodic job cancels
lapsed ones; a payment arriving afterwards is refunded, never an error."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from mentorship import errors
from mentorship.errors import MentorshipError
from mentorship.lifecycle import cancel_lapsed_one_to_ones
from mentorship.models import Mentorship, OneToOne
from mentorship.one_to_ones import accept_one_to_one, complete_one_to_one
from mentorship.services import (
    cancel_mentorship,
    complete_mentorship,
    pause_mentorship,
    resume_mentorship,
)
from mentorship.tests.factories import MentorshipFactory
from mentorship.tests.lifecycle_support import (
    committing,
    expect_expire,
    free_mentorship,
    later,
    paid_mentorship,
    pay_on_closed_page,
    refreshed,
    to,
)
from mentorship.tests.test_one_to_ones import confirmed, open_checkout, paid, propose
from payments.models import Entitlement, Payment, PaymentSettings
from payments.tests.stripe_fakes import post_webhook
from payments.tests.stripe_objects import completed_session, refund
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Status = OneToOne.Status
LAPSED_JOB = "cancel 1:1 sessions unpaid or unanswered at their start"


@pytest.fixture
def mentorship():
    return paid_mentorship()


@pytest.fixture
def free():
    return free_mentorship()


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    return committing(django_capture_on_commit_callbacks)


# --- Ending a mentorship ----------------------------------------------------------


@pytest.mark.parametrize("end", [cancel_mentorship, complete_mentorship])
def test_ending_cancels_every_upcoming_one_and_emails_each_person_once(
    client, mentorship, stripe_api, run_on_commit, end
):
    settings = PaymentSettings.load()
    settings.seat_refund_hours = 24 * 6  # the mentee's own deadline has passed
    settings.save()
    paid_one, payment = paid(client, mentorship, stripe_api)
    awaiting = confirmed(mentorship, starts_in=later(1))
    proposal = propose(mentorship, starts_in=later(2))
    other = MentorshipFactory(mentor=mentorship.mentor, status="active")
    elsewhere = propose(other, starts_in=later(3))
    stripe_api.on("POST", "/v1/refunds", refund(amount=6000))
    mail.outbox.clear()

    _, inside = run_on_commit(
        stripe_api, lambda: end(mentorship=mentorship, user=mentorship.mentee)
    )

    refreshed(paid_one, awaiting, proposal, elsewhere)
    for one_to_one in (paid_one, awaiting, proposal):
        assert one_to_one.status == Status.CANCELLED
        assert one_to_one.cancelled_by == mentorship.mentee
    assert elsewhere.status == Status.PROPOSED  # another mentee's
    # Refunded in full though the mentee ended it after their deadline, and
    # only once the mentorship's transaction had committed.
    assert not inside
    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    assert asked["form"]["metadata[payment_id]"] == str(payment.pk)
    assert asked["form"]["metadata[reason]"] == "mentorship_ended"
    assert not Entitlement.objects.filter(
        object_id=paid_one.pk, revoked_at__isnull=True
    ).exists()
    (to_mentor,) = ended_emails(mentorship.mentor)
    (to_mentee,) = ended_emails(mentorship.mentee)
    assert (
        to_mentor.subject
        == "[MasteryHub] Your mentorship with Ada has ended: 3 1:1 sessions cancelled"
    )
    assert to_mentor.body.count("\n- ") == 3
    assert "the mentee's 60.00 EUR is being refunded in full" in to_mentor.body
    assert "the 60.00 EUR you paid is being refunded in full" in to_mentee.body
    assert "whoever ended it" in to_mentee.body
    assert "nothing was charged" in to_mentee.body  # the one awaiting payment
    # The confirmed one leaves both calendars.
    for email in (to_mentor, to_mentee):
        ((_, ics, mimetype),) = email.attachments
        assert mimetype == "text/calendar"
        assert f"UID:one-to-one-{paid_one.pk}@" in ics
        assert "STATUS:CANCELLED" in ics


def test_ending_it_the_mentor_says_who_in_the_mentees_email(
    free, django_capture_on_commit_callbacks
):
    mentorship = free
    confirmed(mentorship)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_mentorship(mentorship=mentorship, user=mentorship.mentor)

    (to_mentee,) = to(mentorship.mentee)
    assert "Grace cancelled your mentorship." in to_mentee.body
    (to_mentor,) = to(mentorship.mentor)
    assert "You cancelled your mentorship with Ada." in to_mentor.body
    assert "refunded" not in to_mentee.body


def test_ending_closes_the_open_checkout_and_a_late_payment_is_refunded(
    client, mentorship, stripe_api, run_on_commit
):
    one_to_one = confirmed(mentorship)
    payment = open_checkout(client, one_to_one, stripe_api)
    path = expect_expire(stripe_api, payment)

    _, inside = run_on_commit(
        stripe_api,
        lambda: cancel_mentorship(mentorship=mentorship, user=mentorship.mentor),
    )
    assert not inside
    assert stripe_api.calls("POST", path)
    (payment,) = refreshed(payment)
    assert payment.status == Payment.Status.EXPIRED

    mail.outbox.clear()
    asked = pay_on_closed_page(client, stripe_api, run_on_commit, payment)
    assert asked["form"]["metadata[reason]"] == "unavailable"
    (one_to_one,) = refreshed(one_to_one)
    assert one_to_one.status == Status.CANCELLED
    assert [m.subject for m in to(mentorship.mentee) if "Refunded" in m.subject]


def ended_emails(person) -> list:
    return [m for m in to(person) if "has ended" in m.subject]


def test_a_one_already_under_way_or_done_is_left_as_it_is(
    free, django_capture_on_commit_callbacks
):
    mentorship = free
    under_way = confirmed(mentorship, starts_in=timedelta(minutes=30))
    done = confirmed(mentorship, starts_in=timedelta(hours=2))
    with time_machine.travel(done.ends_at + timedelta(minutes=1)):
        complete_one_to_one(one_to_one=done, by=mentorship.mentor)
    with time_machine.travel(under_way.starts_at + timedelta(minutes=10)):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            complete_mentorship(mentorship=mentorship, user=mentorship.mentor)

    refreshed(under_way, done)
    assert (under_way.status, done.status) == (Status.CONFIRMED, Status.COMPLETED)
    # Nothing cancelled, nothing to tell but the invitations to review it.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [mentorship.mentor.email, mentorship.mentee.email]
    )
    assert all("How did your mentorship" in m.subject for m in mail.outbox)


def test_cancelling_with_nothing_ahead_still_tells_the_other_person(
    free, django_capture_on_commit_callbacks
):
    mentorship = free
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_mentorship(mentorship=mentorship, user=mentorship.mentee)
    (to_mentor,) = ended_emails(mentorship.mentor)
    assert "cancelled your mentorship." in to_mentor.body
    assert "cancelled with it" not in to_mentor.body
    assert f"/mentorship/{mentorship.pk}/" in to_mentor.body


def test_a_failed_refund_leaves_the_payment_refundable_and_the_end_stands(
    client, mentorship, stripe_api, run_on_commit, caplog
):
    one_to_one, payment = paid(client, mentorship, stripe_api)
    stripe_api.fail("POST", "/v1/refunds")

    run_on_commit(
        stripe_api,
        lambda: cancel_mentorship(mentorship=mentorship, user=mentorship.mentor),
    )

    assert stripe_api.calls("POST", "/v1/refunds")  # asked, and Stripe failed
    assert f"Refund of payment {payment.pk} failed" in caplog.text
    mentorship, one_to_one, payment = refreshed(mentorship, one_to_one, payment)
    assert mentorship.status == Mentorship.Status.CANCELLED
    assert one_to_one.status == Status.CANCELLED
    # Still paid: staff see it among refundable payments and refund it.
    assert payment.status == Payment.Status.PAID


def test_ending_twice_is_refused_and_cancels_nothing_more(
    free, django_capture_on_commit_callbacks
):
    mentorship = free
    confirmed(mentorship)
    cancel_mentorship(mentorship=mentorship, user=mentorship.mentee)
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(MentorshipError) as refused,
    ):
        complete_mentorship(mentorship=mentorship, user=mentorship.mentor)
    assert refused.value.message == errors.ALREADY_ENDED
    assert not mail.outbox


def test_someone_else_cannot_end_it_and_its_one_to_ones_stay(free):
    mentorship = free
    one_to_one = confirmed(mentorship)
    with pytest.raises(MentorshipError) as refused:
        cancel_mentorship(mentorship=mentorship, user=MemberFactory())
    assert refused.value.message == errors.NOT_YOUR_MENTORSHIP
    (one_to_one,) = refreshed(one_to_one)
    assert one_to_one.status == Status.CONFIRMED


# --- Pausing ----------------------------------------------------------------------


def test_pausing_keeps_what_was_agreed_and_takes_nothing_new(
    client, mentorship, stripe_api, django_capture_on_commit_callbacks
):
    agreed = confirmed(mentorship)  # awaiting payment
    proposal = propose(mentorship, starts_in=later(1))
    payment = open_checkout(client, agreed, stripe_api)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        pause_mentorship(mentorship=mentorship, user=mentorship.mentor)

    assert not mail.outbox
    with pytest.raises(MentorshipError) as refused:
        accept_one_to_one(one_to_one=proposal, by=mentorship.mentor)
    assert refused.value.message == errors.MENTORSHIP_NOT_ACTIVE
    with pytest.raises(MentorshipError):
        propose(mentorship, starts_in=later(2))
    # Paying for what both agreed before the pause still confirms it.
    post_webhook(client, "checkout.session.completed", completed_session(payment))
    agreed, proposal = refreshed(agreed, proposal)
    assert (agreed.status, proposal.status) == (Status.CONFIRMED, Status.PROPOSED)

    resume_mentorship(mentorship=mentorship, user=mentorship.mentee)
    accept_one_to_one(one_to_one=proposal, by=mentorship.mentor)


# --- 1:1s unpaid or unanswered at their start ------------------------------------


def test_an_unpaid_one_is_cancelled_at_its_start_and_both_are_told(
    client, mentorship, stripe_api, run_on_commit
):
    one_to_one = confirmed(mentorship)
    payment = open_checkout(client, one_to_one, stripe_api)
    path = expect_expire(stripe_api, payment)
    mail.outbox.clear()

    with time_machine.travel(one_to_one.starts_at - timedelta(seconds=1)):
        assert cancel_lapsed_one_to_ones() == 0  # it may still be paid
    with time_machine.travel(one_to_one.starts_at):
        run_on_commit(
            stripe_api, lambda: call_command("run_periodic", "--job", LAPSED_JOB)
        )
        assert cancel_lapsed_one_to_ones() == 0  # once

    (one_to_one,) = refreshed(one_to_one)
    assert one_to_one.status == Status.CANCELLED
    assert one_to_one.cancelled_by is None
    assert stripe_api.calls("POST", path)  # its Checkout page is closed
    assert not stripe_api.calls("POST", "/v1/refunds")  # nothing was charged
    (to_mentee,) = to(mentorship.mentee)
    (to_mentor,) = to(mentorship.mentor)
    assert "not paid" in to_mentee.subject
    assert "Nothing was charged" in to_mentee.body
    assert "The mentee was not charged" in to_mentor.body


def test_a_payment_completing_after_it_lapsed_is_refunded(
    client, mentorship, stripe_api, run_on_commit
):
    one_to_one = confirmed(mentorship)
    payment = open_checkout(client, one_to_one, stripe_api)
    expect_expire(stripe_api, payment)
    with time_machine.travel(one_to_one.starts_at + timedelta(minutes=1)):
        cancel_lapsed_one_to_ones()
        asked = pay_on_closed_page(client, stripe_api, run_on_commit, payment)

    assert asked["form"]["metadata[reason]"] == "unavailable"
    (one_to_one,) = refreshed(one_to_one)
    assert one_to_one.status == Status.CANCELLED
    assert not Entitlement.objects.filter(object_id=one_to_one.pk).exists()


def test_a_proposal_nobody_answered_lapses_at_its_start(
    free, django_capture_on_commit_callbacks
):
    mentorship = free
    proposal = propose(mentorship, by=mentorship.mentor)
    answered = confirmed(mentorship, starts_in=timedelta(days=1))
    mail.outbox.clear()

    with time_machine.travel(proposal.starts_at + timedelta(minutes=1)):
        with django_capture_on_commit_callbacks(execute=True):
            assert cancel_lapsed_one_to_ones() == 1

    proposal, answered = refreshed(proposal, answered)
    assert (proposal.status, proposal.cancelled_by) == (Status.CANCELLED, None)
    assert answered.status == Status.CONFIRMED  # confirmed ones are not touched
    (to_mentor,) = to(mentorship.mentor)
    (to_mentee,) = to(mentorship.mentee)
    assert to_mentee.subject.startswith("[MasteryHub] 1:1 proposal expired")
    assert "Grace proposed" in to_mentee.body
    assert "you proposed" in to_mentor.body
    assert not to_mentee.attachments


def test_one_found_long_after_it_lapsed_is_cancelled_without_stale_news(
    free, django_capture_on_commit_callbacks
):
    proposal = propose(free)
    mail.outbox.clear()

    with time_machine.travel(proposal.starts_at + timedelta(days=1, minutes=1)):
        with django_capture_on_commit_callbacks(execute=True):
            assert cancel_lapsed_one_to_ones() == 1

    (proposal,) = refreshed(proposal)
    assert proposal.status == Status.CANCELLED
    assert not mail.outbox
